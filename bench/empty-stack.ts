// The bare-cdktf floor for bench/edit-loop.js: an App with one empty stack and the provider.
import { App, TerraformStack } from "cdktf";
import { FlyProvider } from "../lib/gen/providers/fly/provider";

const app = new App();
new FlyProvider(new TerraformStack(app, "fleet"), "fly", {});
app.synth();
