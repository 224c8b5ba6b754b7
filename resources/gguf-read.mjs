// Reads one GGUF header with node-llama-cpp, in a child the studio runs under a heap cap and a
// deadline (src/main/models/ggufFacts.ts), and prints what the studio needs as one JSON line:
//
//   <node or electron with ELECTRON_RUN_AS_NODE=1> --max-old-space-size=MB gguf-read.mjs FILE
//
// The studio checked the header's counts and lengths against the file size first. It holds our
// stdin: when that closes (the studio died), stop.
import { readGgufFileInfo } from 'node-llama-cpp'

process.stdin.on('close', () => process.exit(2))
process.stdin.resume()

const numbers = (_key, value) => (typeof value === 'bigint' ? Number(value) : value)

function finish(result) {
  process.stdout.write(`${JSON.stringify(result, numbers)}\n`, () => process.exit(0))
}

try {
  const info = await readGgufFileInfo(process.argv[2], { logWarnings: false })
  const general = info.metadata.general ?? {}
  finish({
    architecture: general.architecture ?? null,
    fileType: general.file_type ?? null,
    arch: info.architectureMetadata ?? {},
    clipVision: info.metadata.clip?.vision ?? null,
    tokens: info.metadata.tokenizer?.ggml?.tokens?.length ?? null,
    tensors: (info.fullTensorInfo ?? info.tensorInfo ?? []).map((t) => ({
      name: t.name,
      dims: t.dimensions,
      type: t.ggmlType,
      offset: t.offset,
      part: t.filePart
    }))
  })
} catch (err) {
  // only the kind of error: node-llama-cpp's messages can quote the file (its magic, a key)
  finish({ error: err instanceof Error ? err.constructor.name : typeof err })
}
