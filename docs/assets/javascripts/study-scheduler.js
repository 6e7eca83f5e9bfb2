/*
 * Study tools: when each card comes back. ts-fsrs schedules; on top of it, before an interview date
 * (settings.interviewDate, the reader's local calendar day) this file caps each due date at half the
 * time left, so every card is due again (and again) before the interview, and spreads the new cards
 * over the days left. After the date the scheduler's own intervals apply again. Pure functions: the
 * time is always passed in.
 */
import { createEmptyCard, fsrs, Rating } from "ts-fsrs";
import { dayStart, localDay } from "./study-dom.js";

export const GRADES = [["Again", Rating.Again], ["Hard", Rating.Hard], ["Good", Rating.Good], ["Easy", Rating.Easy]];
const scheduler = fsrs();

export function newCard(id, where, at) {
  return { id, ...where, added: at.toISOString(), fsrs: null, log: [] };
}

/** A card's last review, or null. */
const lastReview = (card) => (card.fsrs?.last_review ? new Date(card.fsrs.last_review) : null);

/** The time of a review: now, unless the clock was set back before the card's last review (ts-fsrs
 * refuses a negative interval, and the review would be lost), then that last review. */
const reviewTime = (card, at) => (lastReview(card) > at ? lastReview(card) : at);

function fsrsCard(card, at) {
  if (!card.fsrs) return createEmptyCard(at);
  return { ...card.fsrs, due: new Date(card.fsrs.due), last_review: lastReview(card) ?? undefined };
}

/** Midnight starting the interview day, or null without a valid date. */
function interviewStart(settings) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(settings?.interviewDate || "");
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** Before the interview, a card reviewed at `reviewed` comes back at the latest halfway to it. */
function capDue(due, reviewed, settings) {
  const start = interviewStart(settings);
  if (!start || reviewed >= start) return due;
  const cap = new Date(reviewed.getTime() + (start - reviewed) / 2);
  return due < cap ? due : cap;
}

export function review(card, rating, at, settings, seconds) {
  const time = reviewTime(card, at);
  const { card: next } = scheduler.next(fsrsCard(card, time), time, rating);
  const iso = time.toISOString();
  return {
    ...card,
    fsrs: { ...next, due: capDue(next.due, time, settings).toISOString(), last_review: iso },
    reviewed: iso,
    log: [...(card.log || []), { at: iso, rating, ...(seconds != null && { seconds }) }].slice(-50),
  };
}

/** The due date each grade would give: rating -> Date. */
export function preview(card, at, settings) {
  const time = reviewTime(card, at);
  const options = scheduler.repeat(fsrsCard(card, time), time);
  return Object.fromEntries(GRADES.map(([, rating]) => [rating, capDue(options[rating].card.due, time, settings)]));
}

export const isDue = (card, at) => Boolean(card.fsrs) && new Date(card.fsrs.due) <= at;
/** Known: the last grade was Good or Easy. */
export const isKnown = (card) => (card?.log?.at(-1)?.rating ?? 0) >= Rating.Good;

/** After the interview date is set, no card waits past it: each due date is capped from its last review. */
export function recap(cards, settings) {
  for (const card of Object.values(cards)) {
    if (card.fsrs && lastReview(card)) {
      card.fsrs.due = capDue(new Date(card.fsrs.due), lastReview(card), settings).toISOString();
    }
  }
}

/** Local days from today to the day before the interview (0 when there is no date ahead). */
export function daysLeft(settings, at) {
  const start = interviewStart(settings);
  return start && start > at ? Math.round((start - dayStart(at)) / 86400000) : 0;
}

/** New cards a day: the reader's setting, or more before an interview so that every new card is
 * introduced by the day before the last one and can be seen twice. */
export function newPerDay(state, at) {
  const days = daysLeft(state.settings, at);
  if (!days) return state.settings.newPerDay;
  const unseen = Object.values(state.cards).filter((c) => !c.fsrs).length + (state.newToday[localDay(at)] || 0);
  return Math.max(state.settings.newPerDay, Math.ceil(unseen / Math.max(1, days - 1)));
}

export function queue(state, at) {
  const cards = Object.values(state.cards);
  const due = cards.filter((c) => isDue(c, at)).sort((a, b) => new Date(a.fsrs.due) - new Date(b.fsrs.due));
  const room = Math.max(0, newPerDay(state, at) - (state.newToday[localDay(at)] || 0));
  return [...due, ...cards.filter((c) => !c.fsrs).slice(0, room)];
}

export function nextDue(state) {
  const dates = Object.values(state.cards).filter((c) => c.fsrs).map((c) => new Date(c.fsrs.due));
  return dates.length ? new Date(Math.min(...dates)) : null;
}

/** Day by day from today: reviews due (as scheduled now) and new cards to introduce. Runs to the
 * day before the interview, or `days` days without one. */
export function forecast(state, at, days = 14) {
  const count = daysLeft(state.settings, at) || days;
  const perDay = newPerDay(state, at);
  let unseen = Object.values(state.cards).filter((c) => !c.fsrs).length;
  const dues = Object.values(state.cards).filter((c) => c.fsrs).map((c) => new Date(c.fsrs.due));
  return Array.from({ length: count }, (_, i) => {
    const end = dayStart(at, i + 1);
    const from = i ? dayStart(at, i) : new Date(0); // today includes what is overdue
    const room = i ? perDay : Math.max(0, perDay - (state.newToday[localDay(at)] || 0));
    const fresh = Math.min(unseen, room);
    unseen -= fresh;
    return { day: localDay(dayStart(at, i)), reviews: dues.filter((d) => d >= from && d < end).length, fresh };
  });
}
