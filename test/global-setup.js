// cdktf's Testing.app() leaves temp dirs behind; tests keep them in .tmp/, emptied per run.
const fs = require("fs");
const path = require("path");

module.exports = async () => {
  const dir = path.join(__dirname, "..", ".tmp", "jest");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
};
