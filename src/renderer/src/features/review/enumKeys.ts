import { ENUM_FIELDS, type EnumField } from '../../../../shared/caption'

/**
 * The letter that picks each option while its field group has focus, besides its number. Chosen
 * by hand: first letters collide (long/low, over_the_shoulder/overhead/other...).
 */
export const ENUM_LETTERS: { [F in EnumField]: Record<(typeof ENUM_FIELDS)[F][number], string> } = {
  shot_type: { long_shot: 'l', full_shot: 'f', medium_shot: 'm', close_up: 'c', extreme_close_up: 'x', other: 'o' },
  shot_angle: { eye_level: 'e', high_angle: 'h', low_angle: 'l', other: 'o' },
  shot_position: {
    front_view: 'f',
    back_view: 'b',
    side_view: 's',
    over_the_shoulder: 't',
    overhead_view: 'h',
    point_of_view: 'p',
    aerial_view: 'a',
    overlooking_view: 'l',
    other: 'o'
  }
}

/** The option a key picks in a field group: "1".."9" by position, or the option's letter. */
export function optionForKey<F extends EnumField>(field: F, key: string): (typeof ENUM_FIELDS)[F][number] | null {
  const options = ENUM_FIELDS[field] as readonly (typeof ENUM_FIELDS)[F][number][]
  if (/^[1-9]$/.test(key)) return options[Number(key) - 1] ?? null
  const letters = ENUM_LETTERS[field] as Record<string, string>
  const lower = key.toLowerCase()
  return options.find((o) => letters[o] === lower) ?? null
}
