// https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/ip
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface IpConfig extends cdktf.TerraformMetaArguments {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/ip#app Ip#app}
  */
  readonly app: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/ip#network Ip#network}
  */
  readonly network?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/ip#org_slug Ip#org_slug}
  */
  readonly orgSlug?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/ip#type Ip#type}
  */
  readonly type: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/ip fly_ip}
*/
export class Ip extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "fly_ip";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a Ip resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Ip to import
  * @param importFromId The id of the existing Ip that should be imported. Refer to the {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/ip#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Ip to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "fly_ip", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/ampbase-io/fly/latest/docs/resources/ip fly_ip} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options IpConfig
  */
  public constructor(scope: Construct, id: string, config: IpConfig) {
    super(scope, id, {
      terraformResourceType: 'fly_ip',
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
    this._network = config.network;
    this._orgSlug = config.orgSlug;
    this._type = config.type;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // address - computed: true, optional: false, required: false
  public get address() {
    return this.getStringAttribute('address');
  }

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

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // network - computed: false, optional: true, required: false
  private _network?: string; 
  public get network() {
    return this.getStringAttribute('network');
  }
  public set network(value: string) {
    this._network = value;
  }
  public resetNetwork() {
    this._network = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get networkInput() {
    return this._network;
  }

  // org_slug - computed: false, optional: true, required: false
  private _orgSlug?: string; 
  public get orgSlug() {
    return this.getStringAttribute('org_slug');
  }
  public set orgSlug(value: string) {
    this._orgSlug = value;
  }
  public resetOrgSlug() {
    this._orgSlug = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get orgSlugInput() {
    return this._orgSlug;
  }

  // type - computed: false, optional: false, required: true
  private _type?: string; 
  public get type() {
    return this.getStringAttribute('type');
  }
  public set type(value: string) {
    this._type = value;
  }
  // Temporarily expose input value. Use with caution.
  public get typeInput() {
    return this._type;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      app: cdktf.stringToTerraform(this._app),
      network: cdktf.stringToTerraform(this._network),
      org_slug: cdktf.stringToTerraform(this._orgSlug),
      type: cdktf.stringToTerraform(this._type),
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
      network: {
        value: cdktf.stringToHclTerraform(this._network),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      org_slug: {
        value: cdktf.stringToHclTerraform(this._orgSlug),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      type: {
        value: cdktf.stringToHclTerraform(this._type),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
