/* lexicon_fr.c — French word lists of the facts layer (see lexicon.h).
 * Curated by hand from French grammar and newsroom usage; lower case. */
#include "facts/lexicon.h"
#include "facts/facts.h"

int dp_lex_find(const char *const *list, const char *s, size_t n) {
    for (int i = 0; list[i]; i++)
        if (dp_str_is(s, n, list[i])) return i;
    return -1;
}

const char *const dp_lex_fr_common_acronyms[] = {
    "pib", "pnb", "ges", "tva", "pme", "pmi", "tpe", "eti", "ong", "co2", "adn", "arn", "vih", "sida", "ogm",
    "sms", "tgv", "ter", "rer", "hlm", "cdi", "cdd", "rsa", "smic", "pdg", "dg", "ceo", "cfo", "coo", "cto",
    "rh", "ia", "ti", "tic", "km", "kg", "mw", "gw", "kwh", "mwh", "twh", "gwh", "ttc", "ht", "usd", "eur",
    "cad", "ok", "tv", "pc", "gps", "ovni", "qr", "covid", "sras", "pcr", "bd", "cv", "vs", "nb", "gnl",
    "gpl", "hfc", "pvc", "led", "lgbt", "lgbtq", "vip", "atm", "ii", "iii", "iv", "vi", "vii", "viii",
    "ix", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx", "xxi", "am", "pm", "fm",
    "hd", "ko", "mo", "go", "to", "dvd", "cd", "usb", "wifi", "ht", "ttc", "qg", "suv", "vtc", "vtt",
    "rip", "sdf", "dj", "mc", "ps4", "ps5", "4g", "5g", "3d", "faq", "url", "pdf", "api", "ip", "gmt",
    "utc", "etc", "svp", "rsvp", "ras", "ivg", "pma", "gpa", "ehpad", "bts", "cap", "bac", "dut", "mba",
    "phd", "qi", "ado", "bpa", "ppm", "cfa", "fcfa", "us", "ca", "can", "hors", "ndlr", "afp-", NULL};

const char *const dp_lex_fr_place_acronyms[] = {"usa", "rdc", "rca", "uk", "eau", "urss", "rfa", "rda", NULL};

const char *const dp_lex_fr_role_dets[] = {"le", "la", "l'", "les", "du", "au", "des", "aux", "son", "sa", "ses", "leur",
                                           "notre", "votre", "ce", "cet", "cette", "un", "une", NULL};

const char *const dp_lex_fr_role_modifiers[] = {
    "premier", "première", "ancien", "ancienne", "nouveau", "nouvel", "nouvelle", "futur", "future",
    "actuel", "actuelle", "ex", "ex-", "haut", "haute", "grand", "grande", "jeune", "célèbre", "puissant",
    "puissante", "influent", "influente", "vice", "sous", "co", "très", "éminent", "éminente", "fidèle",
    "principal", "principale", "seul", "seule", "éphémère", "défunt", "défunte", "regretté", "regrettée",
    "feu", NULL};

const char *const dp_lex_fr_role_stops[] = {"qui", "que", "qu'", "dont", "lors", "selon", "a", "ont",
                                            "avait", "est", "était", "sera", "estime", "affirme", "lequel",
                                            "laquelle", "mais", "car", "où", NULL};

const char *const dp_lex_fr_source_nouns[] = {
    "chiffres", "chiffre", "calcul", "calculs", "données", "estimation", "estimations", "bilan", "rapport",
    "étude", "sondage", "enquête", "communiqué", "statistiques", "décompte", "comptage", "analyse",
    "prévisions", "projections", "documents", "document", NULL};

const char *const dp_lex_fr_title_cues[] = {
    "intitulé", "intitulée", "intitulés", "intitulées", "baptisé", "baptisée", "baptisés", "baptisées",
    "nommé", "nommée", "surnommé", "surnommée", "appelé", "appelée", "dénommé", "dénommée", "thème",
    "titre", "slogan", "livre", "film", "roman", "album", "émission", "série", "chanson", "ouvrage",
    "spectacle", "pièce", "exposition", "opération", "programme", "projet", "plan", "campagne", "mot",
    "mots", "terme", "termes", "expression", "mention", "label", "hashtag", "mouvement", "journal",
    "magazine", "revue", "documentaire", "rubrique", "dossier", "rapport", "manifeste", "thème", NULL};

/* Function nouns heading a role, masculine and feminine. */
static const char *const role_nouns[] = {
    "président", "présidente", "vice-président", "vice-présidente", "président-directeur",
    "présidente-directrice", "ministre", "porte-parole", "ambassadeur", "ambassadrice", "directeur",
    "directrice", "maire", "mairesse", "chef", "cheffe", "secrétaire", "député", "députée", "sénateur",
    "sénatrice", "gouverneur", "gouverneure", "pdg", "p.-d.g.", "ceo", "fondateur", "fondatrice",
    "cofondateur", "cofondatrice", "co-fondateur", "co-fondatrice", "dirigeant", "dirigeante", "responsable",
    "conseiller", "conseillère", "juge", "avocat", "avocate", "procureur", "procureure", "général",
    "générale", "colonel", "commandant", "commandante", "capitaine", "lieutenant", "sergent", "amiral",
    "maréchal", "professeur", "professeure", "chercheur", "chercheuse", "économiste", "analyste",
    "spécialiste", "représentant", "représentante", "coordonnateur", "coordonnatrice",
    "coordinateur", "coordinatrice", "délégué", "déléguée", "patron", "patronne", "roi", "reine", "prince",
    "princesse", "pape", "cardinal", "archevêque", "évêque", "imam", "rabbin", "pasteur",
    "abbé", "chancelier", "chancelière", "commissaire", "administrateur", "administratrice", "gérant",
    "gérante", "trésorier", "trésorière", "attaché", "attachée", "consul", "diplomate", "négociateur",
    "négociatrice", "leader", "militant", "militante", "syndicaliste", "candidat", "candidate", "élu", "élue",
    "chroniqueur", "chroniqueuse", "journaliste", "rédacteur", "rédactrice", "éditorialiste",
    "correspondant", "correspondante", "envoyé", "envoyée", "médiateur", "médiatrice", "ombudsman",
    "protecteur", "protectrice", "vérificateur", "vérificatrice", "greffier", "greffière", "bâtonnier",
    "bâtonnière", "préfet", "préfète", "sous-préfet", "entraîneur", "entraîneuse", "sélectionneur",
    "associé", "associée", "titulaire", "doyen", "doyenne", "recteur", "rectrice", "vice-recteur",
    "vice-rectrice", "homologue", "successeur", "prédécesseur", "adjoint", "adjointe", "sous-ministre",
    "vice-premier", "vice-première", "premier", "première", "numéro", "patron", "cadre", "haut-commissaire",
    "haute-commissaire", "secrétaire-général", "secrétaire-générale", "directeur-général", "PDG",
    "chargé", "chargée", "superviseur", "superviseure", "inspecteur", "inspectrice", "commissaire",
    "officier", "ingénieur", "ingénieure", "architecte", "médecin", "docteur", "chirurgien", "chirurgienne",
    "infirmier", "infirmière", "historien", "historienne", "politologue", "sociologue", "philosophe",
    "climatologue", "épidémiologiste", "virologue", "biologiste", "physicien", "physicienne", "écrivain",
    "écrivaine", "auteur", "autrice", "auteure", "romancier", "romancière", "cinéaste", "réalisateur",
    "réalisatrice", "acteur", "actrice", "chanteur", "chanteuse", "artiste", "photographe", "producteur",
    "productrice", "animateur", "animatrice", "créateur", "créatrice", "propriétaire", "actionnaire",
    "investisseur", "investisseuse", "entrepreneur", "entrepreneure", "président-fondateur", "proviseur",
    "directeur-adjoint", "économiste-en-chef", "stratège", "lobbyiste", "relationniste", "conseiller",
    "gouverneure-générale", "monarque", "souverain", "souveraine", "dictateur", "opposant", "opposante",
    "rapporteur", "rapporteuse", "porte-drapeau", "capitaine", "chef-adjoint", NULL};

int dp_lex_is_role(const char *s, size_t n) { return dp_lex_find(role_nouns, s, n) >= 0; }

/* Reporting verbs (lemmas). */
static const char *const speech_lemmas[] = {
    "déclarer", "indiquer", "affirmer", "assurer", "expliquer", "estimer", "annoncer", "souligner",
    "préciser", "ajouter", "dire", "rappeler", "confirmer", "reconnaître", "admettre", "avertir", "prévenir",
    "juger", "considérer", "noter", "observer", "relever", "insister", "répéter", "soutenir", "démentir",
    "nier", "promettre", "signaler", "révéler", "dénoncer", "déplorer", "regretter", "réjouir", "craindre",
    "indigner", "plaider", "lancer", "poursuivre", "commenter", "écrire", "répondre",
    "répliquer", "conclure", "raconter", "confier", "avouer", "vanter", "marteler", "trancher", "prédire",
    "arguer", "clamer", "proclamer", "protester", "s'exclamer", "exclamer", "objecter", "rétorquer",
    "renchérir", "résumer", "détailler", "certifier", "garantir", "jurer", "prétendre", "admettre",
    "concéder", "constater", "mentionner", "témoigner", "raconter", "lâcher", "glisser", "ironiser",
    "tempêter", "fustiger", "s'inquiéter", "inquiéter", "alerter", "mettre en garde", "informer",
    "rapporter", "relater", "expliquer", "dévoiler", "préconiser",
    "interpréter",
    "enchaîner", "nuancer", "poursuivre", "confesser",
    "réitérer", "rassurer", "s'étonner", "étonner", "se plaindre", "plaindre", "déclarer", "annoncer", NULL};

/* Nouns of people or bodies that speak without being named ("une source", "la police"). */
const char *const dp_lex_fr_speaker_nouns[] = {
    "source", "sources", "police", "gendarmerie", "direction", "responsable", "responsables", "témoin",
    "témoins", "habitant", "habitants", "expert", "experts", "proche", "proches", "entourage", "enquêteur",
    "enquêteurs", "autorités", "observateurs", "observateur", "syndicat", "syndicats", "parquet", "ministère",
    "gouvernement", "présidence", "ambassade", "presse", "médias", "entreprise", "société", "compagnie",
    "groupe", "organisation", "association", "collectif", "mouvement", "communiqué", "bureau", "cabinet",
    "services", "militaires", "armée", "secouristes", "pompiers", "manifestants", "organisateurs", "élus",
    "opposition", "partis", "parti", "patronat", "officiels", "officiel", "diplomates", "agence", "journal",
    "quotidien", "chaîne", "site", "spécialistes", "analystes", "chercheurs", "scientifiques", "économistes",
    "médecins", "avocats", "avocat", "avocate", "porte-parole", "dirigeants", "représentants", "relationniste",
    "interlocuteur", "interlocutrice", "mairie", "préfecture", "municipalité", "ville", "conseil", "comité",
    "commission", "tribunal", "cour", "justice", "procureur", "procureure", NULL};

int dp_lex_is_speech_lemma(const char *s, size_t n) {
    /* "faire" (fait valoir, fait savoir) is handled by the caller with its complement */
    return dp_lex_find(speech_lemmas, s, n) >= 0;
}

/* Without a tagger: the common inflections of the reporting verbs. */
static const char *const speech_forms[] = {
    "dit", "dis", "disait", "disent", "dira", "déclaré", "déclare", "déclarait", "indiqué", "indique",
    "indiquait", "affirmé", "affirme", "affirmait", "assuré", "assure", "assurait", "expliqué", "explique",
    "expliquait", "estimé", "estime", "estimait", "annoncé", "annonce", "annonçait", "souligné", "souligne",
    "précisé", "précise", "ajouté", "ajoute", "ajoutait", "rappelé", "rappelle", "confirmé", "confirme",
    "reconnu", "reconnaît", "admis", "admet", "averti", "prévenu", "prévient", "jugé", "juge", "noté",
    "note", "observé", "relevé", "insisté", "insiste", "répété", "soutenu", "soutient", "démenti", "nié",
    "promis", "signalé", "révélé", "révèle", "révélait", "dénoncé", "dénonce", "déploré", "déplore",
    "regretté", "regrette", "indigné", "plaidé", "plaide", "lancé", "lance", "poursuivi", "poursuit",
    "commenté", "commente", "écrit", "écrivait", "répondu", "répond", "répliqué", "réplique", "conclu",
    "conclut", "raconté", "raconte", "confié", "confie", "avoué", "vanté", "martelé", "martèle", "tranché",
    "tranche", "prédit", "argué", "clamé", "protesté", "rétorqué", "rétorque", "renchéri", "résumé",
    "résume", "détaillé", "garanti", "juré", "constaté", "constate", "mentionné", "témoigné", "lâché",
    "glissé", "ironisé", "ironise", "alerté", "informé", "dévoilé", "réagi", "nuancé", "réitéré",
    "rassuré", "insistait", "soutenait", "estimaient", "affirment", "estiment", "indiquent", "disaient",
    "expliquent", "soulignent", "assurent", "déclarent", NULL};

int dp_lex_speech_form(const char *s, size_t n) { return dp_lex_find(speech_forms, s, n); }

const char *const dp_lex_fr_que_locutions[] = {"ainsi", "alors", "bien", "tandis", "parce", "avant", "après",
                                               "plus", "moins", "autant", "tant", "ce", "même", "sans", "pour",
                                               "afin", "dès", "pendant", "lors", "sinon", "tel", "telle", NULL};

/* Nouns that head the name of an institution ("Ministère des Ressources
 * hydrauliques", "Agence kényane de gestion de l'environnement"). */
const char *const dp_lex_fr_org_heads[] = {
    "ministère", "agence", "banque", "bourse", "communauté", "fédération", "conseil", "commission", "cour",
    "tribunal", "université", "parti", "parlement", "assemblée", "sénat", "chambre", "compagnie", "société",
    "office", "institut", "association", "union", "organisation", "fondation", "chaire", "réseau", "syndicat",
    "confédération", "caisse", "groupe", "centre", "comité", "secrétariat", "autorité", "régie", "haute",
    "gendarmerie", "armée", "front", "mouvement", "rassemblement", "alliance", "coalition", "collectif",
    "observatoire", "académie", "école", "hôpital", "clinique", "musée", "orchestre", "club", "fonds",
    "programme", "bureau", "département", "direction", "service", "préfecture", "mairie", "cabinet", "ordre",
    "laboratoire", "coopérative", "ligue", "commissariat", "délégation", "mission", "agences", "forces",
    "police", "garde", "corporation", "entreprise", "conférence", "organisme", "cégep", "collège", "lycée",
    "pool", NULL};

/* Nouns whose complement is a portfolio, not a name ("ministre de l'Energie"). */
const char *const dp_lex_fr_portfolio_heads[] = {"ministre", "ministres", "ministère", "ministères", "secrétaire",
                                                 "secrétariat", "portefeuille", "sous-ministre", "commissaire",
                                                 "département", "direction", "délégué", "déléguée", NULL};

/* Nouns that head the name of a state ("Empire tsariste russe", "République tchèque"). */
const char *const dp_lex_fr_state_heads[] = {"empire", "royaume", "république", "confédération", "émirats", "émirat",
                                             "principauté", "sultanat", "califat", "grand-duché", NULL};

/* Seats of power named for the institution ("le porte-parole du Kremlin"). */
const char *const dp_lex_fr_seats_of_power[] = {"kremlin", "élysée", "matignon", "maison blanche", "quai d'orsay",
                                                "pentagone", "downing street", "bercy", "beauvau", "capitole",
                                                "zhongnanhai", "saint-siège", "maison-blanche", NULL};

/* Institutions named by their head alone when capitalised ("le Parlement", "au Sénat"). */
const char *const dp_lex_fr_unique_institutions[] = {"parlement", "sénat", "congrès", "bundestag", "knesset",
                                                     "gouvernement", "conseil-exécutif", NULL};

/* Lower-case heads named by a capitalised complement ("ministère des Ressources hydrauliques"). */
const char *const dp_lex_fr_lower_org_heads[] = {"ministère", "secrétariat", NULL};

/* Prepositions of place before a name ("à Sherbrooke", "en Guinée-Conakry"). */
const char *const dp_lex_fr_place_preps[] = {"à", "en", "au", "aux", "dans", "vers", "depuis", "jusqu'à", NULL};

/* Prepositions that attach a complement to a function noun ("ministre de",
 * "ambassadeur à", "responsable pour", "directeur chez"). */
const char *const dp_lex_fr_role_preps[] = {"de", "d'", "du", "des", "à", "au", "aux", "en", "pour", "chez",
                                            "auprès", NULL};
