// Keeps saving revisions of one clip through the real store, in a process of its own, until killed
// (run with `node --import tsx`): the "someone is working" side of the back-up tests.
//
//   revision-writer.ts PROJECT_FILE CLIP_ID
//
// Prints one line per acknowledged save: `saved <revision number>`, after its commit.
import { emptyCaption } from '../../src/shared/caption'
import { ProjectStore } from '../../src/main/store/project'

const [file, clip] = process.argv.slice(2)
const store = ProjectStore.open(file)
const clipId = Number(clip)
let number = store.revisions.latest(clipId)?.number ?? 0

function saveSome(): void {
  // a burst, then a turn of the event loop so stdout drains and a kill is seen
  for (let i = 0; i < 20; i++) {
    const revision = store.saveRevision({ clipId, caption: emptyCaption(), status: 'in_progress', annotator: 'writer', baseNumber: number })
    number = revision.number
    process.stdout.write(`saved ${number}\n`)
  }
  setImmediate(saveSome)
}
saveSome()
