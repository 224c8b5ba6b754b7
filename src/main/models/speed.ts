// Placeholder with the shared interface (sig16): helper A's speed model replaces this file at merge.
/** What the machine can do; `source` says where each figure came from (shown to the user). */
export interface MachineSpeed {
  memoryBandwidthGBs: number // sustained read bandwidth, GB/s
  computeGflops: number // sustained matmul throughput for prefill/vision, GFLOP/s
  source: 'probe' | 'os' | 'user' | 'default'
}
export interface SpeedInput {
  weightBytes: number // bytes of language-model weights read per generated token (≈ the quant's file size minus embeddings)
  params: number // language-model parameters
  visionParams: number // vision tower parameters (mmproj), 0 if none
  visionTokens: number // e.g. 1,560 for 8 frame pairs of 195
  promptTokens: number // total prompt tokens incl. vision (≈ 1,900)
  outputTokens: number // typical generated tokens (from this project's pre-labels, else the fixtures')
  machine: MachineSpeed
}
export interface SpeedEstimate {
  visionSeconds: number
  prefillSeconds: number
  decodeSeconds: number
  secondsPerClip: number
  clipsPerHour: number
  prefillTokensPerSecond: number
  decodeTokensPerSecond: number
}

/** Decode reads every weight once per token (bandwidth bound); prefill and vision cost 2 FLOPs per parameter per token (compute bound). */
export function predictSpeed(input: SpeedInput): SpeedEstimate {
  const { machine } = input
  const decodeSecondsPerToken = input.weightBytes / (machine.memoryBandwidthGBs * 1e9)
  const prefillSeconds = (2 * input.params * input.promptTokens) / (machine.computeGflops * 1e9)
  const visionSeconds = (2 * input.visionParams * input.visionTokens) / (machine.computeGflops * 1e9)
  const decodeSeconds = decodeSecondsPerToken * input.outputTokens
  const secondsPerClip = visionSeconds + prefillSeconds + decodeSeconds
  return {
    visionSeconds,
    prefillSeconds,
    decodeSeconds,
    secondsPerClip,
    clipsPerHour: secondsPerClip > 0 ? 3600 / secondsPerClip : Infinity,
    prefillTokensPerSecond: prefillSeconds > 0 ? input.promptTokens / prefillSeconds : Infinity,
    decodeTokensPerSecond: decodeSecondsPerToken > 0 ? 1 / decodeSecondsPerToken : Infinity
  }
}
