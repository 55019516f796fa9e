import { DEFAULT_FEATURES, predict, train, type TextModel } from './classifier.ts';

// A learned text signal for the spam score. The lexicon (lexicon.ts) knows
// the kinds of spam its authors thought of; a desk meets new ones every
// month (a new APK scam, a new "kerja paruh waktu" wording). Its verifikators'
// verdicts (reports rejected as spam, against the reports it handled) teach a
// naive Bayes text model what its own spam looks like, so a kind that keeps
// coming is caught once the desk has rejected a few. Trained nightly with the
// routing model (triage_models.model.spam); read at filing as one more
// signal with its words, which a "bukan spam" can overrule like any other.

export const SPAM_TEXT_LABEL = 'spam';
const OK_LABEL = 'ok';

/** Verdicts of each side it takes before a model is trained: fewer would learn one scam's wording. */
export const MIN_SPAM_TEXT_EXAMPLES = 10;

export interface SpamTextExample {
  text: string;
  /** Rejected as spam (true), or handled as a report (false). */
  spam: boolean;
}

/** The model, or null while the desk has too few verdicts on either side. */
export function trainSpamText(examples: readonly SpamTextExample[], now?: Date): TextModel | null {
  const spam = examples.filter((e) => e.spam).length;
  if (spam < MIN_SPAM_TEXT_EXAMPLES || examples.length - spam < MIN_SPAM_TEXT_EXAMPLES) return null;
  // Words and word pairs, as the routing model's default: character n-grams let a long report share
  // enough fragments with spam to be hidden (measured in bench/triage).
  return train(
    examples.map((e) => ({ text: e.text, label: e.spam ? SPAM_TEXT_LABEL : OK_LABEL })),
    { features: DEFAULT_FEATURES, ...(now ? { now } : {}) },
  );
}

export interface SpamTextReading {
  /** P(spam | text) under the model, 0–1. */
  probability: number;
  /** The words that pulled towards spam most (empty when the model reads it as a report). */
  words: string[];
}

export function readSpamText(model: TextModel, text: string): SpamTextReading {
  const p = predict(model, text, [], 2);
  const probability = p.top.find((t) => t.label === SPAM_TEXT_LABEL)?.p ?? 0;
  return { probability, words: p.label === SPAM_TEXT_LABEL ? p.words.slice(0, 5).map((w) => w.token) : [] };
}
