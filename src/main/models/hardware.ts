// GPU, VRAM and RAM as node-llama-cpp's llama.cpp bindings see them.
import { getLlama, type Llama } from 'node-llama-cpp'
import { GPU_KINDS, type GpuKind, type Hardware } from '../../shared/models'

let llamaPromise: Promise<Llama> | null = null

/**
 * One Llama instance per process: loading the bindings takes about a second. `build: 'never'`
 * because the studio must not start compiling llama.cpp behind the user's back.
 */
function llama(): Promise<Llama> {
  llamaPromise ??= getLlama({ gpu: 'auto', build: 'never', progressLogs: false }).catch((err) => {
    llamaPromise = null
    throw err
  })
  return llamaPromise
}

/** Reads the hardware now; a prebuilt backend without a device (e.g. Vulkan, no GPU) is 'none'. */
export async function detectHardware(): Promise<Hardware> {
  const l = await llama()
  const [vram, ram, devices] = await Promise.all([l.getVramState(), l.getRamState(), l.getGpuDeviceNames()])
  const backend = l.gpu === false ? 'cpu' : l.gpu
  const usable = vram.total > 0 || devices.length > 0
  const gpu: GpuKind = usable && (GPU_KINDS as readonly string[]).includes(backend) ? (backend as GpuKind) : 'none'
  return {
    gpu,
    backend,
    devices,
    vramTotal: gpu === 'none' ? 0 : vram.total,
    vramFree: gpu === 'none' ? 0 : vram.free,
    ramTotal: ram.total,
    ramFree: ram.free,
    checkedAt: new Date().toISOString()
  }
}

/** Caches the last reading; `refresh` reads again (free memory changes as other apps run). */
export class HardwareProbe {
  private last: Promise<Hardware> | null = null

  get(refresh = false): Promise<Hardware> {
    if (!this.last || refresh) {
      const reading = detectHardware()
      this.last = reading
      reading.catch(() => {
        if (this.last === reading) this.last = null
      })
    }
    return this.last
  }
}
