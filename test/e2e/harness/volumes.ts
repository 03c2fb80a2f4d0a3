/** Volume contents as the kubelet lays them out: directories owned for fsGroup, projected keys as files. */
import * as fs from 'fs';
import * as path from 'path';

/** A volume directory as the kubelet leaves it: group-owned by fsGroup with setgid, else root's. */
export function ownedDir(dir: string, fsGroup: number | undefined, mode: number): string {
  fs.mkdirSync(dir, { recursive: true });
  if (fsGroup !== undefined) {
    fs.chownSync(dir, 0, fsGroup);
    fs.chmodSync(dir, 0o2775);
  } else {
    fs.chmodSync(dir, mode);
  }
  return dir;
}

export function writeProjected(dir: string, data: Record<string, string>, items: any[] | undefined, mode: number, fsGroup?: number): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const entries = items ? items.map((i: any) => [i.path, data[i.key], i.mode ?? mode] as const) : Object.entries(data).map(([k, v]) => [k, v, mode] as const);
  for (const [file, text, fileMode] of entries) {
    if (text === undefined) throw new Error(`volume item ${file} names a key that does not exist`);
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text, { mode: fileMode });
    fs.chmodSync(target, fileMode);
    if (fsGroup !== undefined) fs.chownSync(target, 0, fsGroup);
  }
}

export function resourceField(container: any, ref: { resource: string; divisor?: string }): string {
  const [kind, name] = ref.resource.split('.');
  const value = container.resources?.[kind]?.[name];
  if (value === undefined) throw new Error(`resourceFieldRef ${ref.resource} has no value in the container`);
  return String(value);
}
