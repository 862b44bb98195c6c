// Writes a Brotli (.br) and a gzip (.gz) copy beside each text file of the built app (vite build's
// outDir, src/WebApi/wwwroot), so WebApi can send them precompressed to browsers that accept them
// (SpaEndpoints picks one by Accept-Encoding). Done once here, at the strongest settings, instead of
// on every request. A copy that would not be smaller is not written.
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../src/WebApi/wwwroot', import.meta.url));
const compressible = /\.(html|js|mjs|css|svg|json|map|txt|xml|webmanifest)$/i;

function* files(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      yield* files(path);
    } else if (compressible.test(entry.name)) {
      yield path;
    }
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

for (const path of files(root)) {
  const content = readFileSync(path);
  const brotli = brotliCompressSync(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
  const gzip = gzipSync(content, { level: 9 });
  const written = [];
  for (const [suffix, compressed] of [['.br', brotli], ['.gz', gzip]]) {
    if (compressed.length < content.length) {
      writeFileSync(path + suffix, compressed);
      // The original's modification time, so every encoding of a file has the same Last-Modified.
      const { atime, mtime } = statSync(path);
      utimesSync(path + suffix, atime, mtime);
      written.push(`${suffix.slice(1)} ${kb(compressed.length)}`);
    }
  }
  console.log(`${relative(root, path)}: ${kb(content.length)}${written.length ? ` → ${written.join(', ')}` : ' (left as is)'}`);
}
