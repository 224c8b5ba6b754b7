// How long things take, written for people (the Models screen and the recommendation's reason).

/** "9.5 s", "40 s", "8.6 min" */
export function formatSeconds(s: number): string {
  if (s < 10) return `${s.toFixed(1)} s`
  if (s < 120) return `${Math.round(s)} s`
  return `${(s / 60).toFixed(1)} min`
}

/** How long a batch of clips takes: "40 min", "26.4 h", "4.6 days". */
export function formatDuration(s: number): string {
  if (s < 3600) return `${Math.round(s / 60)} min`
  if (s < 48 * 3600) return `${(s / 3600).toFixed(1)} h`
  return `${(s / 86400).toFixed(1)} days`
}
