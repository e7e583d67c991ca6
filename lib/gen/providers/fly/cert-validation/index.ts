// https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/cert_validation
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface CertValidationConfig extends cdktf.TerraformMetaArguments {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/cert_validation#cert_id CertValidation#cert_id}
  */
  readonly certId: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/cert_validation#validation_dependencies CertValidation#validation_dependencies}
  */
  readonly validationDependencies?: string[];
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/cert_validation#validation_timeout CertValidation#validation_timeout}
  */
  readonly validationTimeout?: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/cert_validation fly_cert_validation}
*/
export class CertValidation extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "fly_cert_validation";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a CertValidation resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the CertValidation to import
  * @param importFromId The id of the existing CertValidation that should be imported. Refer to the {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/cert_validation#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the CertValidation to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "fly_cert_validation", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/cert_validation fly_cert_validation} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options CertValidationConfig
  */
  public constructor(scope: Construct, id: string, config: CertValidationConfig) {
    super(scope, id, {
      terraformResourceType: 'fly_cert_validation',
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
    this._certId = config.certId;
    this._validationDependencies = config.validationDependencies;
    this._validationTimeout = config.validationTimeout;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // cert_id - computed: false, optional: false, required: true
  private _certId?: string; 
  public get certId() {
    return this.getStringAttribute('cert_id');
  }
  public set certId(value: string) {
    this._certId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get certIdInput() {
    return this._certId;
  }

  // configured - computed: true, optional: false, required: false
  public get configured() {
    return this.getBooleanAttribute('configured');
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // status - computed: true, optional: false, required: false
  public get status() {
    return this.getStringAttribute('status');
  }

  // validation_dependencies - computed: false, optional: true, required: false
  private _validationDependencies?: string[]; 
  public get validationDependencies() {
    return cdktf.Fn.tolist(this.getListAttribute('validation_dependencies'));
  }
  public set validationDependencies(value: string[]) {
    this._validationDependencies = value;
  }
  public resetValidationDependencies() {
    this._validationDependencies = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get validationDependenciesInput() {
    return this._validationDependencies;
  }

  // validation_timeout - computed: true, optional: true, required: false
  private _validationTimeout?: string; 
  public get validationTimeout() {
    return this.getStringAttribute('validation_timeout');
  }
  public set validationTimeout(value: string) {
    this._validationTimeout = value;
  }
  public resetValidationTimeout() {
    this._validationTimeout = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get validationTimeoutInput() {
    return this._validationTimeout;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      cert_id: cdktf.stringToTerraform(this._certId),
      validation_dependencies: cdktf.listMapper(cdktf.stringToTerraform, false)(this._validationDependencies),
      validation_timeout: cdktf.stringToTerraform(this._validationTimeout),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      cert_id: {
        value: cdktf.stringToHclTerraform(this._certId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      validation_dependencies: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._validationDependencies),
        isBlock: false,
        type: "set",
        storageClassType: "stringList",
      },
      validation_timeout: {
        value: cdktf.stringToHclTerraform(this._validationTimeout),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
