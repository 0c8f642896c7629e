// A small zip reader for uploaded extracts: reads the central directory, then
// inflates each CSV/JSON entry (stored or deflated) into a folder, with guards
// against path tricks and zip bombs. ZIP64 and encryption are refused.
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';

export class ZipError extends Error {}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
// Only the files of an extract, without folders: nothing can be written outside the target.
const extractFile = /^[A-Za-z0-9._-]{1,100}\.(csv|json)$/;

async function readAt(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await fd.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new ZipError('The zip file is truncated.');
  return buffer;
}

async function centralDirectory(fd: fs.promises.FileHandle, fileSize: number): Promise<Entry[]> {
  const tailLength = Math.min(fileSize, 22 + 65_535);
  if (tailLength < 22) throw new ZipError('The upload is not a zip file.');
  const tail = await readAt(fd, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { eocd = i; break; }
  if (eocd < 0) throw new ZipError('The upload is not a zip file (no central directory).');
  const count = tail.readUInt16LE(eocd + 10);
  const size = tail.readUInt32LE(eocd + 12);
  const offset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipError('ZIP64 archives are not supported; zip the extract without ZIP64 or import it through the inbox.');
  if (offset + size > fileSize) throw new ZipError('The zip file is truncated.');
  const directory = await readAt(fd, offset, size);
  const entries: Entry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL) throw new ZipError('The zip central directory is damaged.');
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    entries.push({
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Counts bytes going through and stops past the limit (a zip bomb, or a lying header). */
function byteLimit(limit: number, name: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new ZipError(`${name} inflates to more than its header says; the zip is refused.`));
      else callback(null, chunk);
    },
  });
}

/**
 * Extracts the .csv and .json files of a zip (at any depth; folders are
 * dropped) into `folder`; returns their names. Other entries are ignored.
 */
export async function unzipExtract(zipPath: string, folder: string, maxTotalBytes = 8 * 1024 ** 3): Promise<string[]> {
  const fd = await fs.promises.open(zipPath, 'r');
  try {
    const { size: fileSize } = await fd.stat();
    const entries = (await centralDirectory(fd, fileSize)).filter((e) => {
      const base = e.name.split('/').pop() ?? '';
      return !e.name.endsWith('/') && !e.name.startsWith('__MACOSX/') && !base.startsWith('._') && extractFile.test(base);
    });
    const names = entries.map((e) => e.name.split('/').pop()!);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new ZipError(`The zip holds ${duplicate} twice; upload one extract at a time.`);
    const total = entries.reduce((sum, e) => sum + e.size, 0);
    if (total > maxTotalBytes) throw new ZipError('The extract is too large to upload; use the inbox folder instead.');
    fs.mkdirSync(folder, { recursive: true });
    for (const [i, entry] of entries.entries()) {
      if (entry.flags & 1) throw new ZipError(`${names[i]} is encrypted; upload an unencrypted zip.`);
      if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`${names[i]} uses a compression method other than deflate.`);
      const local = await readAt(fd, entry.localHeaderOffset, 30);
      if (local.readUInt32LE(0) !== LOCAL) throw new ZipError('The zip file is damaged (bad local header).');
      const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (start + entry.compressedSize > fileSize) throw new ZipError('The zip file is truncated.');
      if (entry.compressedSize === 0) {
        await fs.promises.writeFile(path.join(folder, names[i]), '');
        continue;
      }
      const source = fs.createReadStream(zipPath, { start, end: start + entry.compressedSize - 1 });
      const target = fs.createWriteStream(path.join(folder, names[i]));
      const stages = entry.method === 8 ? [createInflateRaw(), byteLimit(entry.size, names[i])] : [byteLimit(entry.size, names[i])];
      await pipeline(source, ...(stages as [Transform]), target).catch((error: Error) => {
        throw error instanceof ZipError ? error : new ZipError(`${names[i]} could not be unpacked: ${error.message}`);
      });
    }
    return names;
  } finally {
    await fd.close();
  }
}
