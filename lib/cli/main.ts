#!/usr/bin/env node
/** The `flycell` command (the package's bin): see `flycell --help`. */
import { runCli } from "./run";

process.exitCode = runCli(process.argv.slice(2));
