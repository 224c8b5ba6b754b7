/** Every shortcut of the review screen, for the `?` sheet (README.md lists the same). */
export interface ShortcutGroup {
  title: string
  items: [keys: string, action: string][]
}

export const SHORTCUTS: ShortcutGroup[] = [
  {
    title: 'Player',
    items: [
      ['Space or K', 'Play / pause'],
      [', and .', 'Previous / next frame'],
      ['← and →', 'Back / forward one second'],
      ['Shift+← and Shift+→', 'Back / forward ten frames'],
      ['Home and End', 'First / last frame'],
      ['[ and ]', 'Slower / faster (0.25× to 4×)'],
      ['L', 'Loop on / off']
    ]
  },
  {
    title: 'Editor',
    items: [
      ['1, 2, 3', 'Go to shot type, shot angle, shot position'],
      ['1–9 or the letter shown', 'In a shot field: pick that option'],
      ['4, 5, 6', 'Go to camera motion, environment, lighting'],
      ['7', 'Go to the first subject'],
      ['Alt+↑ and Alt+↓', 'Inside a subject: move it up / down'],
      ['Esc', 'Leave the field (the other shortcuts work again)'],
      ['Ctrl+Z', 'Undo (outside text fields)'],
      ['Ctrl+Shift+Z or Ctrl+Y', 'Redo (outside text fields)'],
      ['Ctrl+S', 'Save now (changes also save by themselves after a second)']
    ]
  },
  {
    title: 'Workflow',
    items: [
      ['A', 'Approve and go to the next clip'],
      ['N', 'Go to the next unreviewed clip (least confident first while the Library is sorted so)'],
      ['R', 'Reject'],
      ['F', 'Flag, with a reason'],
      ['H', 'Go to the history of this clip'],
      ['?', 'Show / hide this sheet']
    ]
  }
]
