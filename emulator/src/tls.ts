import { X509Certificate } from "crypto";
import * as fs from "fs";
import * as path from "path";
import forge from "node-forge";

export interface KeyPair {
  readonly keyPem: string;
  readonly certPem: string;
}

/**
 * The plugin's server certificate. Terraform always uses go-plugin's AutoMTLS: it trusts exactly
 * the certificate the handshake line carries, for the name `localhost`. Terraform starts the
 * plugin several times per command, so the pair is cached in the data directory.
 */
export function serverKeyPair(dataDir: string): KeyPair {
  const file = path.join(dataDir, "tls.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as KeyPair;
  const pair = generate();
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(pair), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return pair;
}

function generate(): KeyPair {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const name = [{ name: "commonName", value: "localhost" }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true },
    { name: "extKeyUsage", serverAuth: true, clientAuth: true },
    { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { keyPem: forge.pki.privateKeyToPem(keys.privateKey), certPem: forge.pki.certificateToPem(cert) };
}

/** The handshake's last field: the certificate's DER in base64 without padding. */
export function handshakeCert(certPem: string): string {
  return new X509Certificate(certPem).raw.toString("base64").replace(/=+$/, "");
}
