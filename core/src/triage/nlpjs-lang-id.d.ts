// @nlpjs/lang-id ships no types; we use only its stemmer.
declare module '@nlpjs/lang-id' {
  export class StemmerId {
    stemWord(word: string): string;
  }
}
