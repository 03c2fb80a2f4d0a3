/**
 * cert-manager's part, played by the test: a CA made with openssl, and for each cert-manager
 * `Certificate` of the output the Secret cert-manager would write (`tls.crt`, `tls.key`,
 * `ca.crt`, type kubernetes.io/tls), issued for exactly the Certificate's dnsNames and usages.
 * So a DNS name a client dials that the constructs left out of a Certificate fails the handshake
 * here as it would in a cluster.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const EXTENDED_USAGES: Record<string, string> = { 'server auth': 'serverAuth', 'client auth': 'clientAuth' };

export class TestCertificateAuthority {
  readonly caPem: string;
  private serial = 1;

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
    this.openssl(['req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=e2e-tracing-ca']);
    this.caPem = fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8');
  }

  /** A key and certificate for the names and usages, signed by the CA. */
  issue(name: string, dnsNames: string[], usages: string[]): { cert: string; key: string; serial: string } {
    const serial = (this.serial++).toString(16).padStart(2, '0');
    const eku = usages.map((u) => EXTENDED_USAGES[u]).filter(Boolean);
    fs.writeFileSync(path.join(this.dir, `${name}.ext`), [
      `subjectAltName=${dnsNames.map((n) => `DNS:${n}`).join(',')}`,
      'keyUsage=critical,digitalSignature',
      ...(eku.length ? [`extendedKeyUsage=${eku.join(',')}`] : []),
    ].join('\n'));
    this.openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`]);
    this.openssl(['req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${dnsNames[0]}`]);
    this.openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', `0x${serial}`,
      '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`]);
    return { cert: fs.readFileSync(path.join(this.dir, `${name}.crt`), 'utf8'), key: fs.readFileSync(path.join(this.dir, `${name}.key`), 'utf8'), serial };
  }

  /** The Secret cert-manager would write for each Certificate of the objects. */
  secretsFor(objects: any[]): any[] {
    return objects.filter((o) => o.kind === 'Certificate').map((c) => {
      const { cert, key } = this.issue(c.spec.secretName, c.spec.dnsNames, c.spec.usages ?? []);
      return this.secret(c.metadata.namespace, c.spec.secretName, cert, key);
    });
  }

  secret(namespace: string, name: string, cert: string, key: string): any {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    return {
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name, namespace },
      data: { 'tls.crt': b64(cert), 'tls.key': b64(key), 'ca.crt': b64(this.caPem) },
    };
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }
}
