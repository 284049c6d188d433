import { execFile, execFileSync } from "node:child_process";
import { X509Certificate, webcrypto } from "node:crypto";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { connect } from "node:tls";
import { promisify } from "node:util";
import * as x509 from "@peculiar/x509";
import { ensureCertificates, startEmulator } from "../../../emulator";
import { DATA_DIR } from "../clients";

x509.cryptoProvider.set(webcrypto);

const REPO = path.resolve(__dirname, "../../..");
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "emulator-tls-"));
});

afterEach(() => fs.rm(dir, { recursive: true, force: true }));

describe("ensureCertificates", () => {
  it("creates a CA and a loopback server certificate signed by it, keys readable by the owner only", async () => {
    const certs = await ensureCertificates(dir);
    expect(certs.caPath).toBe(path.join(dir, "tls", "ca.pem"));
    expect(await fs.readFile(certs.caPath, "utf8")).toBe(certs.caPem);
    const ca = new X509Certificate(certs.caPem);
    const leaf = new X509Certificate(certs.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe(
      "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
    );
    for (const key of ["ca-key.pem", "server-key.pem"]) {
      expect((await fs.stat(path.join(dir, "tls", key))).mode & 0o077).toBe(0);
    }
  });

  it("reuses valid cached certificates", async () => {
    const first = await ensureCertificates(dir);
    const second = await ensureCertificates(dir);
    expect(second).toEqual(first);
  });

  it("gives concurrent callers in one process the same CA", async () => {
    const results = await Promise.all([
      ensureCertificates(dir),
      ensureCertificates(dir),
      ensureCertificates(dir),
    ]);
    expect(new Set(results.map((r) => r.caPem)).size).toBe(1);
    expect(await fs.readFile(results[0].caPath, "utf8")).toBe(results[0].caPem);
  });

  it("gives two processes starting at once the same CA", async () => {
    const script = `require(${JSON.stringify(path.join(REPO, "emulator/server/tls.ts"))}).ensureCertificates(${JSON.stringify(dir)}).then(c => process.stdout.write(c.caPem))`;
    const run = () =>
      promisify(execFile)(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", "-e", script],
        { cwd: REPO },
      );
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.stdout).toContain("BEGIN CERTIFICATE");
    expect(a.stdout).toBe(b.stdout);
    expect(await fs.readFile(path.join(dir, "tls", "ca.pem"), "utf8")).toBe(a.stdout);
  });

  it("replaces an unreadable server certificate but keeps the CA", async () => {
    const first = await ensureCertificates(dir);
    await fs.writeFile(path.join(dir, "tls", "server.pem"), "garbage");
    const second = await ensureCertificates(dir);
    expect(second.caPem).toBe(first.caPem);
    expect(second.certPem).not.toBe(first.certPem);
  });

  it("replaces an expired server certificate", async () => {
    const first = await ensureCertificates(dir);
    const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
    const caKey = await webcrypto.subtle.importKey(
      "pkcs8",
      x509.PemConverter.decode(await fs.readFile(path.join(dir, "tls", "ca-key.pem"), "utf8"))[0],
      algorithm,
      false,
      ["sign"],
    );
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
    const expired = await x509.X509CertificateGenerator.create({
      serialNumber: "0a",
      subject: "CN=localhost",
      issuer: new x509.X509Certificate(first.caPem).subject,
      notBefore: new Date(Date.now() - 10 * 86400_000),
      notAfter: new Date(Date.now() - 86400_000),
      signingKey: caKey,
      publicKey: keys.publicKey,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.SubjectAlternativeNameExtension([
          { type: "dns", value: "localhost" },
          { type: "ip", value: "127.0.0.1" },
          { type: "ip", value: "::1" },
        ]),
      ],
    });
    await fs.writeFile(path.join(dir, "tls", "server.pem"), expired.toString("pem"));
    await fs.writeFile(
      path.join(dir, "tls", "server-key.pem"),
      x509.PemConverter.encode(
        await webcrypto.subtle.exportKey("pkcs8", keys.privateKey),
        "PRIVATE KEY",
      ),
    );
    const second = await ensureCertificates(dir);
    expect(second.caPem).toBe(first.caPem);
    expect(new Date(new X509Certificate(second.certPem).validTo).getTime()).toBeGreaterThan(
      Date.now(),
    );
  });

  it("replaces an unreadable CA (and then the server certificate too)", async () => {
    const first = await ensureCertificates(dir);
    await fs.writeFile(path.join(dir, "tls", "ca.pem"), "garbage");
    const second = await ensureCertificates(dir);
    expect(second.caPem).not.toBe(first.caPem);
    expect(
      new X509Certificate(second.certPem).verify(new X509Certificate(second.caPem).publicKey),
    ).toBe(true);
  });
});

describe("HTTPS listener", () => {
  it("refuses to listen on anything but loopback", async () => {
    await expect(startEmulator({ port: 0, dataDir: DATA_DIR, host: "0.0.0.0" })).rejects.toThrow(
      /loopback/,
    );
  });

  it("serves the cached certificate on 127.0.0.1, trusted only through its CA", async () => {
    const emulator = await startEmulator({ port: 0, dataDir: DATA_DIR });
    try {
      const cached = await ensureCertificates(DATA_DIR);
      expect(emulator.caPem).toBe(cached.caPem);
      const url = new URL(emulator.graphUrl);
      expect(url.hostname).toBe("127.0.0.1");
      const handshake = (ca: string) =>
        new Promise<boolean>((resolve) => {
          const socket = connect(
            { host: "127.0.0.1", port: Number(url.port), ca, servername: "localhost" },
            () => {
              socket.end();
              resolve(true);
            },
          );
          socket.on("error", () => resolve(false));
        });
      expect(await handshake(emulator.caPem)).toBe(true);
      const stranger = await ensureCertificates(dir);
      expect(await handshake(stranger.caPem)).toBe(false);
    } finally {
      await emulator.stop();
    }
  });

  it("keeps its data folder out of git", () => {
    const ignored = execFileSync(
      "git",
      ["check-ignore", ".emulator/tls/ca-key.pem", ".emulator/demo-app-secrets.json"],
      {
        cwd: REPO,
        encoding: "utf8",
      },
    );
    expect(ignored.trim().split("\n")).toHaveLength(2);
  });
});
