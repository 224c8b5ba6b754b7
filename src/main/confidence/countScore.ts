import { probability, tokenAt, unlistedShare, type Alignment } from './align'
import type { ArrayNode } from './jsonSpans'

type Choice = 'another' | 'close'
const squeeze = (text: string) => text.replace(/[ \t\n\r]+/g, '')

/**
 * The probability of the number of subjects: at each point where the list goes on or ends (after `[`,
 * after each subject), the chosen continuation's share of P(another) + P(close) from the token that
 * wrote it and its top_logprobs; the count's probability is the product over those decisions. An
 * alternative that is only whitespace decides nothing yet and anything else the schema forbids: both
 * drop out. A continuation missing from top_logprobs gets the most it could have had (unlistedShare).
 * Null when a decision cannot be read (a token missing, or an item that is not an object).
 */
export function countProbability(al: Alignment, list: ArrayNode): number | null {
  let p = 1
  for (const [n, at] of list.decisions.entries()) {
    const i = tokenAt(al, at)
    if (i < 0) return null
    const token = al.tokens[i]
    // what the token wrote before the decision (`}` of `}]`), whitespace aside: alternatives must write it too
    const before = squeeze(token.token.slice(0, at - al.starts[i]))
    const another = n === 0 ? '{' : ','
    const classify = (text: string): Choice | null => {
      const t = squeeze(text)
      if (!t.startsWith(before)) return null
      const c = t[before.length]
      return c === another ? 'another' : c === ']' ? 'close' : null
    }
    const taken = classify(token.token)
    if (!taken) return null
    const mass = { another: 0, close: 0 }
    mass[taken] += al.probs[i]
    for (const alt of token.top) {
      const choice = alt.token === token.token ? null : classify(alt.token)
      if (choice) mass[choice] += probability(alt.logprob)
    }
    const other: Choice = taken === 'close' ? 'another' : 'close'
    if (mass[other] === 0) mass[other] = unlistedShare(al, i, 1)
    const total = mass.another + mass.close
    p *= total > 0 ? mass[taken] / total : 0
  }
  return p
}
