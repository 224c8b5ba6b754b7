import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { ApiError } from '../../shared/errors'
import { realPathOf } from '../roots/roots'

/** One mounted filesystem: where it is mounted and its type (nfs4, ext4, fuse.sshfs, smbfs...). */
export interface Mount {
  mountPoint: string
  fsType: string
}

/**
 * Filesystems on which SQLite's WAL (shared memory beside the file, POSIX locks) is known to fail or
 * corrupt: network and cluster filesystems, and 9p (WSL's and VMs' shared folders).
 */
const NETWORK_TYPES = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'smb2',
  'afs',
  'ncpfs',
  'coda',
  '9p',
  'ceph',
  'glusterfs',
  'lustre',
  'gpfs',
  'beegfs',
  'davfs',
  'webdav',
  'afpfs',
  'sshfs',
  'fuse.sshfs',
  'fuse.glusterfs',
  'fuse.cephfs',
  'fuse.s3fs',
  'fuse.rclone',
  'fuse.davfs2',
  'fuse.gcsfuse',
  'fuse.juicefs'
])

/** `\040` and friends: mountinfo's escapes for spaces, tabs, newlines and backslashes in paths. */
function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)))
}

/** Linux /proc/self/mountinfo: field 5 is the mount point, the first field after " - " the type. */
export function parseMountInfo(text: string): Mount[] {
  const mounts: Mount[] = []
  for (const line of text.split('\n')) {
    const [left, right] = line.split(' - ')
    const fields = left?.split(' ') ?? []
    const fsType = right?.split(' ')[0]
    if (fields.length >= 5 && fsType) mounts.push({ mountPoint: unescapeOctal(fields[4]), fsType })
  }
  return mounts
}

/** macOS `mount` output: `//user@server/share on /Volumes/share (smbfs, nodev, nosuid, mounted by me)`. */
export function parseMacMount(text: string): Mount[] {
  const mounts: Mount[] = []
  for (const line of text.split('\n')) {
    const match = / on (.+) \(([^,)]+)[,)]/.exec(line)
    if (match) mounts.push({ mountPoint: match[1], fsType: match[2] })
  }
  return mounts
}

/** The mount holding `realPath`: the longest mount point that is it or one of its folders (the last such when mounted over). */
export function mountOf(realPath: string, mounts: Mount[]): Mount | null {
  let best: Mount | null = null
  for (const m of mounts) {
    const prefix = m.mountPoint.endsWith('/') ? m.mountPoint : `${m.mountPoint}/`
    const holds = realPath === m.mountPoint || realPath.startsWith(prefix)
    if (holds && (!best || m.mountPoint.length >= best.mountPoint.length)) best = m
  }
  return best
}

export type DiskVerdict = { kind: 'local' } | { kind: 'network'; fsType: string; mountPoint: string } | { kind: 'unknown'; why: string }

/** Whether a project file at `realPath` sits on a local disk, given the platform's mount table (null: none could be read). */
export function judgeDisk(realPath: string, platform: NodeJS.Platform, mounts: Mount[] | null): DiskVerdict {
  if (platform === 'win32') {
    // \\server\share and \\?\UNC\server\share (realpath.native gives a mapped drive's path in this form)
    const share = /^(?:\\\\\?\\UNC\\|\\\\(?![?.]\\))([^\\]+\\[^\\]+)/i.exec(realPath)
    return share ? { kind: 'network', fsType: 'Windows share', mountPoint: `\\\\${share[1]}` } : { kind: 'local' }
  }
  if (!mounts) return { kind: 'unknown', why: 'the mount table could not be read' }
  const mount = mountOf(realPath, mounts)
  if (!mount) return { kind: 'unknown', why: 'no mount holds it' }
  const type = mount.fsType.toLowerCase()
  if (NETWORK_TYPES.has(type)) return { kind: 'network', fsType: mount.fsType, mountPoint: mount.mountPoint }
  // another FUSE filesystem may be local (ntfs-3g) or remote: say so rather than refuse
  if (type === 'fuse' || type.startsWith('fuse.')) return { kind: 'unknown', why: `it is on a FUSE filesystem (${mount.fsType}) that may be remote` }
  return { kind: 'local' }
}

function readMounts(platform: NodeJS.Platform): Mount[] | null {
  try {
    if (platform === 'linux') return parseMountInfo(fs.readFileSync('/proc/self/mountinfo', 'utf8'))
    if (platform === 'darwin') return parseMacMount(execFileSync('/sbin/mount', { encoding: 'utf8', timeout: 5000 }))
  } catch {
    return null
  }
  return null
}

/** This machine's verdict for a project file (it may not exist yet: its folder's is taken). */
export function diskOf(file: string): DiskVerdict {
  return judgeDisk(realPathOf(path.resolve(file)), process.platform, readMounts(process.platform))
}

/**
 * Refuses a project file on a network filesystem, where SQLite's WAL cannot work safely; warns
 * where it cannot tell. Called by openDb, the one place project files are opened for writing.
 */
export function requireLocalDisk(file: string): void {
  const verdict = diskOf(file)
  if (verdict.kind === 'network') {
    throw new ApiError(
      'invalid_input',
      `${path.basename(file)} is on a network filesystem (${verdict.fsType} at ${verdict.mountPoint}). SQLite's write-ahead log does not work over a network filesystem and could corrupt the project: keep the project on this machine's own disk (copy it there, or back it up with "skycap backup" into the share instead).`
    )
  }
  if (verdict.kind === 'unknown')
    console.warn(`[store] could not tell whether ${path.basename(file)} is on a local disk (${verdict.why}); keep project files on a local disk`)
}
