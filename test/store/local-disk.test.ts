// The local-disk check before a project file is opened: real mount tables in, a verdict out, and
// one real check of this machine's own /proc.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { diskOf, judgeDisk, mountOf, parseMacMount, parseMountInfo } from '../../src/main/store/localDisk'
import { ProjectStore } from '../../src/main/store/project'
import { tempDir } from '../helpers/temp'

// A Debian server with an NFS home, a CIFS share, sshfs and a path with a space (\040), as /proc/self/mountinfo shows them.
const LINUX = `22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 259:2 / / rw,relatime - ext4 /dev/nvme0n1p2 rw,errors=remount-ro
30 27 259:1 / /boot/efi rw,relatime - vfat /dev/nvme0n1p1 rw,fmask=0077
41 27 0:38 / /home rw,relatime shared:20 - nfs4 fileserver:/export/home rw,vers=4.2,rsize=1048576,hard,proto=tcp
45 41 259:3 / /home/lead/fast rw,relatime - xfs /dev/nvme1n1 rw
52 27 0:45 / /mnt/team\\040share rw,relatime - cifs //nas/team rw,vers=3.1.1,cache=strict
60 27 0:50 / /mnt/remote rw,nosuid,nodev - fuse.sshfs lead@gpu-box:/data rw,user_id=1000
61 27 0:51 / /mnt/ntfs rw,nosuid,nodev - fuseblk /dev/sdb1 rw
62 27 0:52 / /mnt/other rw,nosuid,nodev - fuse.mystery-fs mystery rw
70 27 0:60 / /mnt/wsl-c rw,noatime - 9p drvfs rw,aname=drvfs;path=C:\\
80 27 0:23 / /tmp rw,nosuid,nodev - tmpfs tmpfs rw,size=8g`

const MAC = `/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)
//lead@nas._smb._tcp.local/team on /Volumes/team (smbfs, nodev, nosuid, mounted by lead)
nas:/export/clips on /Volumes/clips (nfs, asynchronous)
/dev/disk4s1 on /Volumes/USB Drive (msdos, local, nodev, nosuid, noowners)`

describe('parsing mount tables', () => {
  it('reads Linux mountinfo, escapes included', () => {
    const mounts = parseMountInfo(LINUX)
    expect(mounts).toHaveLength(11)
    expect(mounts).toContainEqual({ mountPoint: '/mnt/team share', fsType: 'cifs' })
    expect(mounts).toContainEqual({ mountPoint: '/home', fsType: 'nfs4' })
  })

  it('reads macOS mount output, spaces in mount points included', () => {
    expect(parseMacMount(MAC)).toEqual([
      { mountPoint: '/', fsType: 'apfs' },
      { mountPoint: '/System/Volumes/Data', fsType: 'apfs' },
      { mountPoint: '/Volumes/team', fsType: 'smbfs' },
      { mountPoint: '/Volumes/clips', fsType: 'nfs' },
      { mountPoint: '/Volumes/USB Drive', fsType: 'msdos' }
    ])
  })

  it('takes the longest mount point holding the path, not a mere string prefix', () => {
    const mounts = parseMountInfo(LINUX)
    expect(mountOf('/home/lead/fast/p.sqlite', mounts)?.fsType).toBe('xfs')
    expect(mountOf('/home/lead/p.sqlite', mounts)?.fsType).toBe('nfs4')
    expect(mountOf('/homework/p.sqlite', mounts)?.fsType).toBe('ext4')
    expect(mountOf('/home', mounts)?.fsType).toBe('nfs4')
  })
})

describe('judging a project file', () => {
  const linux = parseMountInfo(LINUX)
  it.each([
    ['/home/lead/projects/p.sqlite', 'nfs4'],
    ['/mnt/team share/p.sqlite', 'cifs'],
    ['/mnt/remote/p.sqlite', 'fuse.sshfs'],
    ['/mnt/wsl-c/Users/lead/p.sqlite', '9p']
  ])('refuses %s (%s)', (file, fsType) => {
    expect(judgeDisk(file, 'linux', linux)).toMatchObject({ kind: 'network', fsType })
  })

  it.each(['/srv/studio/p.sqlite', '/home/lead/fast/p.sqlite', '/tmp/p.sqlite', '/mnt/ntfs/p.sqlite'])('accepts %s', (file) => {
    expect(judgeDisk(file, 'linux', linux)).toEqual({ kind: 'local' })
  })

  it('is unsure (warns, does not refuse) of an unknown FUSE filesystem or an unreadable table', () => {
    expect(judgeDisk('/mnt/other/p.sqlite', 'linux', linux)).toMatchObject({ kind: 'unknown' })
    expect(judgeDisk('/srv/p.sqlite', 'linux', null)).toMatchObject({ kind: 'unknown' })
  })

  it('judges macOS mounts the same way', () => {
    const mac = parseMacMount(MAC)
    expect(judgeDisk('/Volumes/team/p.sqlite', 'darwin', mac)).toMatchObject({ kind: 'network', fsType: 'smbfs' })
    expect(judgeDisk('/Volumes/clips/p.sqlite', 'darwin', mac)).toMatchObject({ kind: 'network', fsType: 'nfs' })
    expect(judgeDisk('/Volumes/USB Drive/p.sqlite', 'darwin', mac)).toEqual({ kind: 'local' })
    expect(judgeDisk('/Users/lead/p.sqlite', 'darwin', mac)).toEqual({ kind: 'local' })
  })

  it('refuses Windows UNC paths, long-form ones too, and accepts drive paths and device paths', () => {
    expect(judgeDisk('\\\\nas\\team\\projects\\p.sqlite', 'win32', null)).toEqual({ kind: 'network', fsType: 'Windows share', mountPoint: '\\\\nas\\team' })
    expect(judgeDisk('\\\\?\\UNC\\nas\\team\\p.sqlite', 'win32', null)).toMatchObject({ kind: 'network', mountPoint: '\\\\nas\\team' })
    expect(judgeDisk('C:\\Users\\lead\\p.sqlite', 'win32', null)).toEqual({ kind: 'local' })
    expect(judgeDisk('\\\\?\\C:\\Users\\lead\\p.sqlite', 'win32', null)).toEqual({ kind: 'local' })
  })
})

// Linux, as CI: elsewhere this fails loudly (no /proc) rather than skip.
describe("this machine's /proc", () => {
  it('finds the real mount of a temp folder and lets a project be created there', () => {
    const dir = tempDir()
    const real = fs.realpathSync(dir)
    const table = parseMountInfo(fs.readFileSync('/proc/self/mountinfo', 'utf8'))
    const mount = mountOf(real, table)
    expect(mount).not.toBeNull()
    expect(diskOf(path.join(dir, 'p.sqlite'))).toEqual({ kind: 'local' })
    const store = ProjectStore.create(path.join(dir, 'p.sqlite'), 'Local')
    store.close()
  })
})
