// A WhatsApp share link with the text filled in: https://wa.me/?text=...
// opens WhatsApp (app or web) with the message ready, and the organizer picks
// the chat or group. Juri keeps no phone numbers, so no number is in it.
export function whatsappLink(text: string): string {
  return `https://wa.me/?text=${encodeURIComponent(text)}`;
}

/** The names of at most `max` OPDs, one a line, and "… dan N lainnya" after. */
export function nameLines(names: string[], max: number, more: (n: number) => string): string {
  const shown = names.slice(0, max).map((n) => `- ${n}`);
  if (names.length > max) shown.push(more(names.length - max));
  return shown.join('\n');
}

/** Minutes until a reminder sent at `sentAt` may be sent again (interval in minutes). */
export function minutesUntilAllowed(sentAt: string, now: Date, interval = 60): number {
  const passed = (now.getTime() - new Date(sentAt).getTime()) / 60000;
  return Math.max(0, Math.ceil(interval - passed));
}
