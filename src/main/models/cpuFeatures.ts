// The CPU features that decide which extra weight buffers llama.cpp's CPU backend creates
// (see weightBuffers.ts). The studio builds llama-server with GGML_NATIVE, so the features
// compiled in are the build machine's own: what /proc/cpuinfo lists on the machine it runs on.
import { readFileSync } from 'node:fs'
import os from 'node:os'

export interface CpuFeatures {
  arch: 'x86-64' | 'arm64' | 'other'
  avx2: boolean
  /** AVX-512F */
  avx512: boolean
  /** AMX-INT8 with AVX512-VNNI: both are needed for llama.cpp's AMX buffer */
  amx: boolean
  /** Arm dot product (asimddp) or int8 matrix multiply (i8mm): either enables CPU_REPACK */
  dotprod: boolean
  i8mm: boolean
  /** Where the features come from: "/proc/cpuinfo", or the assumption made without it. */
  source: string
}

const NONE = { avx2: false, avx512: false, amx: false, dotprod: false, i8mm: false }

function archOf(nodeArch: string): CpuFeatures['arch'] {
  return nodeArch === 'x64' ? 'x86-64' : nodeArch === 'arm64' ? 'arm64' : 'other'
}

/** Features from the text of /proc/cpuinfo ("flags" on x86, "Features" on Arm); `nodeArch` as os.arch(). */
export function parseCpuInfo(cpuinfo: string, nodeArch: string): CpuFeatures {
  const line = /^(?:flags|Features)\s*:(.*)$/m.exec(cpuinfo)
  const flags = new Set((line?.[1] ?? '').trim().split(/\s+/))
  return {
    arch: archOf(nodeArch),
    avx2: flags.has('avx2'),
    avx512: flags.has('avx512f'),
    amx: flags.has('amx_int8') && flags.has('avx512_vnni'),
    dotprod: flags.has('asimddp'),
    i8mm: flags.has('i8mm'),
    source: '/proc/cpuinfo'
  }
}

/**
 * Without /proc/cpuinfo (Windows, macOS): an x86-64 CPU is taken to have AVX2 but neither
 * AVX-512 nor AMX (every x86-64 CPU of the last decade has AVX2); an arm64 one (Apple silicon,
 * Snapdragon) the dot product instructions. Others: no extra buffers.
 */
export function assumedCpuFeatures(nodeArch: string, platform: string): CpuFeatures {
  const arch = archOf(nodeArch)
  const source = `assumed for ${platform} (no /proc/cpuinfo)`
  if (arch === 'x86-64') return { ...NONE, arch, avx2: true, source }
  if (arch === 'arm64') return { ...NONE, arch, dotprod: true, source }
  return { ...NONE, arch, source }
}

let cached: CpuFeatures | null = null

/** This machine's features (read once). */
export function readCpuFeatures(): CpuFeatures {
  if (!cached) {
    let text: string | null = null
    if (process.platform === 'linux') {
      try {
        text = readFileSync('/proc/cpuinfo', 'utf8')
      } catch {
        // a sandbox without /proc: fall back to the assumption
      }
    }
    cached = text !== null ? parseCpuInfo(text, os.arch()) : assumedCpuFeatures(os.arch(), process.platform)
  }
  return cached
}

/** "x86-64: AVX2, AVX-512, no AMX" */
export function describeCpu(f: CpuFeatures): string {
  const has = (on: boolean, name: string) => (on ? name : `no ${name}`)
  if (f.arch === 'x86-64') return `x86-64: ${[has(f.avx2, 'AVX2'), has(f.avx512, 'AVX-512'), has(f.amx, 'AMX')].join(', ')}`
  if (f.arch === 'arm64') return `arm64: ${[has(f.dotprod, 'dotprod'), has(f.i8mm, 'i8mm')].join(', ')}`
  return 'not x86-64 or arm64'
}
