// https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface VolumeConfig extends cdktf.TerraformMetaArguments {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#app Volume#app}
  */
  readonly app: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#auto_backup_enabled Volume#auto_backup_enabled}
  */
  readonly autoBackupEnabled?: boolean | cdktf.IResolvable;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#encrypted Volume#encrypted}
  */
  readonly encrypted?: boolean | cdktf.IResolvable;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#fstype Volume#fstype}
  */
  readonly fstype?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#name Volume#name}
  */
  readonly name: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#readopt_on_host_migration Volume#readopt_on_host_migration}
  */
  readonly readoptOnHostMigration?: boolean | cdktf.IResolvable;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#region Volume#region}
  */
  readonly region: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#require_unique_zone Volume#require_unique_zone}
  */
  readonly requireUniqueZone?: boolean | cdktf.IResolvable;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#size_gb Volume#size_gb}
  */
  readonly sizeGb: number;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#snapshot_retention Volume#snapshot_retention}
  */
  readonly snapshotRetention?: number;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#unique_zone_app_wide Volume#unique_zone_app_wide}
  */
  readonly uniqueZoneAppWide?: boolean | cdktf.IResolvable;
  /**
  * compute block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#compute Volume#compute}
  */
  readonly compute?: VolumeCompute;
}
export interface VolumeCompute {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#cpu_kind Volume#cpu_kind}
  */
  readonly cpuKind?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#cpus Volume#cpus}
  */
  readonly cpus?: number;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#memory_mb Volume#memory_mb}
  */
  readonly memoryMb?: number;
}

export function volumeComputeToTerraform(struct?: VolumeCompute | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    cpu_kind: cdktf.stringToTerraform(struct!.cpuKind),
    cpus: cdktf.numberToTerraform(struct!.cpus),
    memory_mb: cdktf.numberToTerraform(struct!.memoryMb),
  }
}


export function volumeComputeToHclTerraform(struct?: VolumeCompute | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    cpu_kind: {
      value: cdktf.stringToHclTerraform(struct!.cpuKind),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    cpus: {
      value: cdktf.numberToHclTerraform(struct!.cpus),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    memory_mb: {
      value: cdktf.numberToHclTerraform(struct!.memoryMb),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VolumeComputeOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VolumeCompute | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._cpuKind !== undefined) {
      hasAnyValues = true;
      internalValueResult.cpuKind = this._cpuKind;
    }
    if (this._cpus !== undefined) {
      hasAnyValues = true;
      internalValueResult.cpus = this._cpus;
    }
    if (this._memoryMb !== undefined) {
      hasAnyValues = true;
      internalValueResult.memoryMb = this._memoryMb;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: VolumeCompute | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._cpuKind = undefined;
      this._cpus = undefined;
      this._memoryMb = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._cpuKind = value.cpuKind;
      this._cpus = value.cpus;
      this._memoryMb = value.memoryMb;
    }
  }

  // cpu_kind - computed: false, optional: true, required: false
  private _cpuKind?: string; 
  public get cpuKind() {
    return this.getStringAttribute('cpu_kind');
  }
  public set cpuKind(value: string) {
    this._cpuKind = value;
  }
  public resetCpuKind() {
    this._cpuKind = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cpuKindInput() {
    return this._cpuKind;
  }

  // cpus - computed: false, optional: true, required: false
  private _cpus?: number; 
  public get cpus() {
    return this.getNumberAttribute('cpus');
  }
  public set cpus(value: number) {
    this._cpus = value;
  }
  public resetCpus() {
    this._cpus = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cpusInput() {
    return this._cpus;
  }

  // memory_mb - computed: false, optional: true, required: false
  private _memoryMb?: number; 
  public get memoryMb() {
    return this.getNumberAttribute('memory_mb');
  }
  public set memoryMb(value: number) {
    this._memoryMb = value;
  }
  public resetMemoryMb() {
    this._memoryMb = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get memoryMbInput() {
    return this._memoryMb;
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume fly_volume}
*/
export class Volume extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "fly_volume";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a Volume resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Volume to import
  * @param importFromId The id of the existing Volume that should be imported. Refer to the {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Volume to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "fly_volume", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/volume fly_volume} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options VolumeConfig
  */
  public constructor(scope: Construct, id: string, config: VolumeConfig) {
    super(scope, id, {
      terraformResourceType: 'fly_volume',
      terraformGeneratorMetadata: {
        providerName: 'fly',
        providerVersionConstraint: '~> 0.2'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._app = config.app;
    this._autoBackupEnabled = config.autoBackupEnabled;
    this._encrypted = config.encrypted;
    this._fstype = config.fstype;
    this._name = config.name;
    this._readoptOnHostMigration = config.readoptOnHostMigration;
    this._region = config.region;
    this._requireUniqueZone = config.requireUniqueZone;
    this._sizeGb = config.sizeGb;
    this._snapshotRetention = config.snapshotRetention;
    this._uniqueZoneAppWide = config.uniqueZoneAppWide;
    this._compute.internalValue = config.compute;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // app - computed: false, optional: false, required: true
  private _app?: string; 
  public get app() {
    return this.getStringAttribute('app');
  }
  public set app(value: string) {
    this._app = value;
  }
  // Temporarily expose input value. Use with caution.
  public get appInput() {
    return this._app;
  }

  // attached_machine_id - computed: true, optional: false, required: false
  public get attachedMachineId() {
    return this.getStringAttribute('attached_machine_id');
  }

  // auto_backup_enabled - computed: true, optional: true, required: false
  private _autoBackupEnabled?: boolean | cdktf.IResolvable; 
  public get autoBackupEnabled() {
    return this.getBooleanAttribute('auto_backup_enabled');
  }
  public set autoBackupEnabled(value: boolean | cdktf.IResolvable) {
    this._autoBackupEnabled = value;
  }
  public resetAutoBackupEnabled() {
    this._autoBackupEnabled = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get autoBackupEnabledInput() {
    return this._autoBackupEnabled;
  }

  // encrypted - computed: true, optional: true, required: false
  private _encrypted?: boolean | cdktf.IResolvable; 
  public get encrypted() {
    return this.getBooleanAttribute('encrypted');
  }
  public set encrypted(value: boolean | cdktf.IResolvable) {
    this._encrypted = value;
  }
  public resetEncrypted() {
    this._encrypted = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get encryptedInput() {
    return this._encrypted;
  }

  // fstype - computed: true, optional: true, required: false
  private _fstype?: string; 
  public get fstype() {
    return this.getStringAttribute('fstype');
  }
  public set fstype(value: string) {
    this._fstype = value;
  }
  public resetFstype() {
    this._fstype = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get fstypeInput() {
    return this._fstype;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // readopt_on_host_migration - computed: true, optional: true, required: false
  private _readoptOnHostMigration?: boolean | cdktf.IResolvable; 
  public get readoptOnHostMigration() {
    return this.getBooleanAttribute('readopt_on_host_migration');
  }
  public set readoptOnHostMigration(value: boolean | cdktf.IResolvable) {
    this._readoptOnHostMigration = value;
  }
  public resetReadoptOnHostMigration() {
    this._readoptOnHostMigration = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get readoptOnHostMigrationInput() {
    return this._readoptOnHostMigration;
  }

  // region - computed: false, optional: false, required: true
  private _region?: string; 
  public get region() {
    return this.getStringAttribute('region');
  }
  public set region(value: string) {
    this._region = value;
  }
  // Temporarily expose input value. Use with caution.
  public get regionInput() {
    return this._region;
  }

  // require_unique_zone - computed: true, optional: true, required: false
  private _requireUniqueZone?: boolean | cdktf.IResolvable; 
  public get requireUniqueZone() {
    return this.getBooleanAttribute('require_unique_zone');
  }
  public set requireUniqueZone(value: boolean | cdktf.IResolvable) {
    this._requireUniqueZone = value;
  }
  public resetRequireUniqueZone() {
    this._requireUniqueZone = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get requireUniqueZoneInput() {
    return this._requireUniqueZone;
  }

  // size_gb - computed: false, optional: false, required: true
  private _sizeGb?: number; 
  public get sizeGb() {
    return this.getNumberAttribute('size_gb');
  }
  public set sizeGb(value: number) {
    this._sizeGb = value;
  }
  // Temporarily expose input value. Use with caution.
  public get sizeGbInput() {
    return this._sizeGb;
  }

  // snapshot_retention - computed: true, optional: true, required: false
  private _snapshotRetention?: number; 
  public get snapshotRetention() {
    return this.getNumberAttribute('snapshot_retention');
  }
  public set snapshotRetention(value: number) {
    this._snapshotRetention = value;
  }
  public resetSnapshotRetention() {
    this._snapshotRetention = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get snapshotRetentionInput() {
    return this._snapshotRetention;
  }

  // state - computed: true, optional: false, required: false
  public get state() {
    return this.getStringAttribute('state');
  }

  // unique_zone_app_wide - computed: false, optional: true, required: false
  private _uniqueZoneAppWide?: boolean | cdktf.IResolvable; 
  public get uniqueZoneAppWide() {
    return this.getBooleanAttribute('unique_zone_app_wide');
  }
  public set uniqueZoneAppWide(value: boolean | cdktf.IResolvable) {
    this._uniqueZoneAppWide = value;
  }
  public resetUniqueZoneAppWide() {
    this._uniqueZoneAppWide = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get uniqueZoneAppWideInput() {
    return this._uniqueZoneAppWide;
  }

  // zone - computed: true, optional: false, required: false
  public get zone() {
    return this.getStringAttribute('zone');
  }

  // compute - computed: false, optional: true, required: false
  private _compute = new VolumeComputeOutputReference(this, "compute");
  public get compute() {
    return this._compute;
  }
  public putCompute(value: VolumeCompute) {
    this._compute.internalValue = value;
  }
  public resetCompute() {
    this._compute.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get computeInput() {
    return this._compute.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      app: cdktf.stringToTerraform(this._app),
      auto_backup_enabled: cdktf.booleanToTerraform(this._autoBackupEnabled),
      encrypted: cdktf.booleanToTerraform(this._encrypted),
      fstype: cdktf.stringToTerraform(this._fstype),
      name: cdktf.stringToTerraform(this._name),
      readopt_on_host_migration: cdktf.booleanToTerraform(this._readoptOnHostMigration),
      region: cdktf.stringToTerraform(this._region),
      require_unique_zone: cdktf.booleanToTerraform(this._requireUniqueZone),
      size_gb: cdktf.numberToTerraform(this._sizeGb),
      snapshot_retention: cdktf.numberToTerraform(this._snapshotRetention),
      unique_zone_app_wide: cdktf.booleanToTerraform(this._uniqueZoneAppWide),
      compute: volumeComputeToTerraform(this._compute.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      app: {
        value: cdktf.stringToHclTerraform(this._app),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      auto_backup_enabled: {
        value: cdktf.booleanToHclTerraform(this._autoBackupEnabled),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      encrypted: {
        value: cdktf.booleanToHclTerraform(this._encrypted),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      fstype: {
        value: cdktf.stringToHclTerraform(this._fstype),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      name: {
        value: cdktf.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      readopt_on_host_migration: {
        value: cdktf.booleanToHclTerraform(this._readoptOnHostMigration),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      region: {
        value: cdktf.stringToHclTerraform(this._region),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      require_unique_zone: {
        value: cdktf.booleanToHclTerraform(this._requireUniqueZone),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      size_gb: {
        value: cdktf.numberToHclTerraform(this._sizeGb),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      snapshot_retention: {
        value: cdktf.numberToHclTerraform(this._snapshotRetention),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      unique_zone_app_wide: {
        value: cdktf.booleanToHclTerraform(this._uniqueZoneAppWide),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      compute: {
        value: volumeComputeToHclTerraform(this._compute.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "VolumeCompute",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
