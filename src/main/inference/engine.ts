import path from 'node:path'
import { ApiError } from '../../shared/errors'
import type { EngineConfig, LocalEngine } from '../../shared/jobs'
import type { ProcessManager } from '../processes'
import { localEndpoint, remoteEndpoints, type Endpoint } from './endpoint'
import type { EndpointPolicy } from './endpointPolicy'
import { findLlamaServer } from './llamaBinary'
import { LlamaServer } from './llamaServer'
import { EndpointPool } from './pool'

export interface EngineHostOptions {
  processes: ProcessManager
  logDir: string
  ffmpegDir?: string
  llamaServerSetting?: string
  /** Which remote endpoints jobs may use, and the operator's keys for them. */
  policy?: EndpointPolicy
}

/** Keeps one local llama-server per configuration alive across jobs, and builds endpoint pools. */
export class EngineHost {
  private local: { key: string; server: LlamaServer } | null = null

  constructor(private readonly opts: EngineHostOptions) {}

  localServer(config: LocalEngine): LlamaServer {
    const key = JSON.stringify([config.model, config.mmproj, config.contextPerSlot, config.parallel, config.gpuLayers])
    if (this.local?.key === key) return this.local.server
    void this.local?.server.stop()
    const binary = findLlamaServer(this.opts.llamaServerSetting)
    // a machine without llama-server is a setup problem the caller can fix, not a host fault
    if (!binary.path) throw new ApiError('not_found', binary.problem ?? 'llama-server not found')
    const server = new LlamaServer(this.opts.processes, {
      binary: binary.path,
      model: config.model,
      mmproj: config.mmproj,
      contextPerSlot: config.contextPerSlot,
      parallel: config.parallel,
      gpuLayers: config.gpuLayers,
      ffmpegDir: this.opts.ffmpegDir,
      logFile: path.join(this.opts.logDir, 'llama-server.log')
    })
    this.local = { key, server }
    return server
  }

  pool(config: Pick<EngineConfig, 'local' | 'endpoints'>): EndpointPool {
    const endpoints: Endpoint[] = []
    if (config.local) {
      const server = this.localServer(config.local)
      endpoints.push(localEndpoint(server, { id: 'local', concurrency: config.local.parallel, timeoutMs: config.local.timeoutMs, retries: 1, check: true }))
    }
    endpoints.push(...remoteEndpoints(config.endpoints, this.opts.policy))
    return new EndpointPool(endpoints)
  }

  async stop(): Promise<void> {
    await this.local?.server.stop()
    this.local = null
  }
}
