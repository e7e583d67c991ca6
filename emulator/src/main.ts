import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { Diagnostic, EmulatedProvider, Result } from "./provider";
import { protoSchema } from "./schema";
import { FlyStore } from "./store";
import { handshakeCert, serverKeyPair } from "./tls";
import { decodeMsgpack, encodeMsgpack, Value } from "./values";

// go-plugin's guard against being run by hand; Terraform sets this exact value.
const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
const MAGIC_COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const PROTO_DIR = path.join(__dirname, "..", "proto");
/** Set by the launcher that `install.ts` writes: where the emulated Fly account and the TLS key live. */
export const DATA_DIR_ENV = "FLYCELL_EMULATOR_DIR";

interface DynamicValue {
  readonly msgpack?: Buffer;
  readonly json?: Buffer;
}

function read(value: DynamicValue | null | undefined): Value {
  if (value?.msgpack && value.msgpack.length > 0) return decodeMsgpack(value.msgpack);
  if (value?.json && value.json.length > 0) return JSON.parse(value.json.toString("utf8")) as Value;
  return null;
}

const write = (value: Value | undefined) => ({ msgpack: encodeMsgpack(value ?? null) });

function diagnostics(list: readonly Diagnostic[]): object[] {
  return list.map((d) => ({
    severity: d.severity,
    summary: d.summary,
    detail: d.detail ?? "",
    attribute: d.attribute ? { steps: d.attribute.map((name) => ({ attribute_name: name })) } : undefined,
  }));
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

type Handler = (request: Record<string, unknown>) => object;

/** A unary gRPC method; a thrown error becomes an error diagnostic instead of a dead plugin. */
function unary(handler: Handler, diagnosticsField = "diagnostics"): grpc.handleUnaryCall<Record<string, unknown>, object> {
  return (call, callback) => {
    try {
      callback(null, handler(call.request));
    } catch (err) {
      const summary = `flycell emulator: ${err instanceof Error ? err.message : String(err)}`;
      callback(null, { [diagnosticsField]: diagnostics([{ severity: "ERROR", summary }]) });
    }
  };
}

function providerService(provider: EmulatedProvider): grpc.UntypedServiceImplementation {
  const resources = Object.fromEntries(Object.entries(provider.schemas.resources).map(([n, s]) => [n, protoSchema(s)]));
  const typeOf = (r: Record<string, unknown>) => String(r.type_name);
  const dv = (r: Record<string, unknown>, field: string) => read(r[field] as DynamicValue);
  const plain = (result: Result) => ({ diagnostics: diagnostics(result.diagnostics) });
  return {
    GetProviderSchema: unary(() => ({
      provider: protoSchema(provider.schemas.provider),
      resource_schemas: resources,
      data_source_schemas: {},
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: false },
      diagnostics: [],
    })),
    ValidateProviderConfig: unary(() => ({ diagnostics: [] })),
    ValidateResourceConfig: unary((r) => plain(provider.validate(typeOf(r), dv(r, "config")))),
    ValidateDataResourceConfig: unary((r) =>
      plain({ diagnostics: [{ severity: "ERROR", summary: `The Fly provider has no data source ${typeOf(r)}` }] }),
    ),
    UpgradeResourceState: unary((r) => {
      const raw = (r.raw_state as { json?: Buffer } | undefined)?.json?.toString("utf8") ?? "null";
      const result = provider.upgrade(typeOf(r), raw);
      return { upgraded_state: write(result.value), diagnostics: diagnostics(result.diagnostics) };
    }),
    ConfigureProvider: unary((r) => plain(provider.configure(dv(r, "config")))),
    ReadResource: unary((r) => {
      const result = provider.read(typeOf(r), dv(r, "current_state"));
      return { new_state: write(result.value), diagnostics: diagnostics(result.diagnostics), private: r.private };
    }),
    PlanResourceChange: unary((r) => {
      const result = provider.plan(typeOf(r), dv(r, "prior_state"), dv(r, "proposed_new_state"), dv(r, "config"));
      return {
        planned_state: write(result.value),
        requires_replace: (result.requiresReplace ?? []).map((p) => ({ steps: p.map((name) => ({ attribute_name: name })) })),
        planned_private: r.prior_private,
        diagnostics: diagnostics(result.diagnostics),
      };
    }),
    ApplyResourceChange: unary((r) => {
      const result = provider.apply(typeOf(r), dv(r, "prior_state"), dv(r, "planned_state"));
      return { new_state: write(result.value), private: r.planned_private, diagnostics: diagnostics(result.diagnostics) };
    }),
    ImportResourceState: unary((r) => {
      const result = provider.importState(typeOf(r), String(r.id ?? ""));
      const imported = result.value ? [{ type_name: typeOf(r), state: write(result.value), private: Buffer.alloc(0) }] : [];
      return { imported_resources: imported, diagnostics: diagnostics(result.diagnostics) };
    }),
    ReadDataSource: unary((r) =>
      plain({ diagnostics: [{ severity: "ERROR", summary: `The Fly provider has no data source ${typeOf(r)}` }] }),
    ),
    GetFunctions: unary(() => ({ diagnostics: [] })),
    StopProvider: unary(() => ({ Error: "" })),
  };
}

function main(): void {
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE) {
    fail("This is the flycell Fly provider emulator, a Terraform plugin: Terraform starts it, people do not.");
  }
  const dataDir = process.env[DATA_DIR_ENV] ?? fail(`${DATA_DIR_ENV} is not set; install the emulator with its launcher.`);
  const clientCert = process.env.PLUGIN_CLIENT_CERT ?? fail("PLUGIN_CLIENT_CERT is not set: Terraform's AutoMTLS is required.");

  const store = new FlyStore(path.join(dataDir, "fly.json"));
  const provider = new EmulatedProvider(store);
  const definition = protoLoader.loadSync(["tfplugin6.proto", "go-plugin.proto", "health.proto"], {
    includeDirs: [PROTO_DIR],
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  // The loaded package is untyped: it is the proto files' structure.
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    tfplugin6: { Provider: grpc.ServiceClientConstructor };
    plugin: Record<"GRPCController" | "GRPCStdio" | "GRPCBroker", grpc.ServiceClientConstructor>;
    grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
  };

  const exit = () => {
    store.flush();
    process.exit(0);
  };
  const server = new grpc.Server({ "grpc.max_receive_message_length": 256 * 1024 * 1024 });
  server.addService(pkg.tfplugin6.Provider.service, providerService(provider));
  server.addService(pkg.plugin.GRPCController.service, {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
      callback(null, {});
      setImmediate(exit); // go-plugin waits for the process to end after Shutdown
    },
  });
  server.addService(pkg.plugin.GRPCStdio.service, { StreamStdio: () => undefined }); // stdio stays on the real pipes
  server.addService(pkg.plugin.GRPCBroker.service, { StartStream: () => undefined }); // no sub-plugins
  server.addService(pkg.grpc.health.v1.Health.service, {
    Check: (_call: unknown, callback: grpc.sendUnaryData<object>) => callback(null, { status: "SERVING" }),
  });
  process.on("SIGTERM", exit);
  process.on("SIGINT", exit);

  const keys = serverKeyPair(dataDir);
  const credentials = grpc.ServerCredentials.createSsl(
    Buffer.from(clientCert),
    [{ private_key: Buffer.from(keys.keyPem), cert_chain: Buffer.from(keys.certPem) }],
    true,
  );
  server.bindAsync("127.0.0.1:0", credentials, (err, port) => {
    if (err) fail(`flycell emulator: cannot listen: ${err.message}`);
    // The go-plugin handshake: the only line this process ever writes to stdout.
    process.stdout.write(`1|6|tcp|127.0.0.1:${port}|grpc|${handshakeCert(keys.certPem)}\n`);
  });
}

main();
