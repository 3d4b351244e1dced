/* lexicon.h — the French word lists of the facts layer (lexicon_fr.c).
 *
 * Every list is data: NULL-terminated, lower case, matched ignoring the case
 * of the text (dp_str_is). Another language gets its own lexicon_xx.c with
 * the same names. */
#ifndef DP_FACTS_LEXICON_H
#define DP_FACTS_LEXICON_H

#include <stddef.h>

/** Index of s[0..n) in `list` (case-insensitive), or -1. */
int dp_lex_find(const char *const *list, const char *s, size_t n);
/** Is s[0..n) a function noun that heads a role ("ministre", "porte-parole")? */
int dp_lex_is_role(const char *s, size_t n);
/** Is this lemma a reporting verb ("déclarer", "indiquer")? */
int dp_lex_is_speech_lemma(const char *s, size_t n);
/** The lemma of a reporting-verb form when no tagger gave one ("déclaré" -> declarer's index), or -1. */
int dp_lex_speech_form(const char *s, size_t n);

extern const char *const dp_lex_fr_common_acronyms[]; /* PIB, GES, TVA: not names */
extern const char *const dp_lex_fr_place_acronyms[];  /* USA, RDC */
extern const char *const dp_lex_fr_role_dets[];       /* le, la, l', son, un ... */
extern const char *const dp_lex_fr_role_modifiers[];  /* premier, ancien, nouvelle ... */
extern const char *const dp_lex_fr_role_stops[];      /* words that end a role phrase */
extern const char *const dp_lex_fr_source_nouns[];    /* "selon des chiffres de X": X is the source */
extern const char *const dp_lex_fr_speaker_nouns[];  /* source, police: speak unnamed */
extern const char *const dp_lex_fr_que_locutions[];   /* ainsi, alors, parce (que): not a reported clause */
extern const char *const dp_lex_fr_org_heads[];      /* Ministère, Agence, Banque: institution names */
extern const char *const dp_lex_fr_portfolio_heads[]; /* ministre (de l'Energie): a portfolio follows */
extern const char *const dp_lex_fr_state_heads[];    /* Empire, République: state names (LOC) */
extern const char *const dp_lex_fr_seats_of_power[];  /* Kremlin, Élysée: institutions (ORG) */
extern const char *const dp_lex_fr_unique_institutions[]; /* Parlement, Sénat */
extern const char *const dp_lex_fr_lower_org_heads[];  /* ministère (des Finances) */
extern const char *const dp_lex_fr_place_preps[];      /* à, en, au: a place follows */
extern const char *const dp_lex_fr_role_preps[];     /* de, à, en: complements of a function */
extern const char *const dp_lex_fr_title_cues[];      /* intitulé, baptisé: a quoted title follows */

#endif
