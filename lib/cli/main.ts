#!/usr/bin/env node
/** The `flycell` command (the package's bin): see `flycell --help`. */
import { runCliAsync } from "./run";

void runCliAsync(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
