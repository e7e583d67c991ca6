import * as path from "path";
import { Testing } from "cdktf";

process.env.TMPDIR = path.join(__dirname, "..", ".tmp", "jest");
process.env.CHECKPOINT_DISABLE = "1";
Testing.setupJest();
