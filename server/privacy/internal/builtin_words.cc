#include "privacy/internal/builtin_words.h"

#include "privacy/internal/gazetteer.h"

namespace kompas::privacy::internal {
namespace {

// Titles and forms of address; swept into the PERSON span.
constexpr absl::string_view kTitles[] = {
    "mevrouw", "mevr", "mw", "mvr", "meneer", "mnr", "dhr", "heer", "mr", "juf", "juffrouw",
    "meester", "dokter", "dr", "drs", "ir", "ing", "prof", "zuster", "broeder", "pastoor",
    "ds", "dominee", "familie", "fam", "gezin", "wethouder", "burgemeester", "notaris",
};

// Roles and relations after which a name often follows ("zoon Daan").
constexpr absl::string_view kRelations[] = {
    "zoon", "zoontje", "dochter", "dochtertje", "moeder", "vader", "broer", "broertje", "zus",
    "zusje", "opa", "oma", "neef", "nicht", "oom", "tante", "partner", "ex", "ex-partner",
    "vriend", "vriendin", "ex-vriendin", "ex-vriend", "buurvrouw", "buurman", "buren",
    "collega", "collega's", "teamleider", "begeleider", "mentor", "wijkagent", "huisarts",
    "client", "cliënt", "cliente", "cliënte", "clt", "jongere", "leerling", "minderjarige",
    "betrokkene", "aanvrager", "aanvragers", "kinderen", "kind", "contactpersoon",
    "roepnaam", "naam", "jeugdige", "bewoner", "stiefvader", "stiefmoeder", "pleegmoeder",
    "pleegvader", "grootmoeder", "grootvader", "schoonzoon", "schoondochter", "echtgenoot",
    "echtgenote", "man", "vrouw", "gezinsvoogd", "consulent", "casemanager", "jurist",
    "advocaat", "coach", "ouders", "klasgenoot", "zakenpartner", "vriendje", "vriendinnetje",
    "beste", "hoi", "hallo", "groet", "gr", "groetjes", "leerkracht", "verzorger",
    "verzorgster", "thuisbegeleider", "ib'er", "medewerker",
};

// Name particles, lowercase and capitalized alike.
constexpr absl::string_view kParticles[] = {
    "van", "de", "der", "den", "ter", "ten", "te", "'t", "el", "al", "la", "le",
    "da", "di", "du", "dos", "von", "op", "bin", "ben", "ibn", "abu", "del", "della", "d'",
    "vd", "v/d", "'s",
};

// Closed-class words (and a few very common verbs) that are never a
// lowercase name, even where a surname list happens to contain them.
constexpr absl::string_view kFunctionWords[] = {
    "de", "het", "een", "en", "of", "maar", "want", "dus", "als", "dat", "die", "dit", "deze",
    "wat", "wie", "waar", "hoe", "ik", "jij", "je", "u", "hij", "zij", "ze", "wij", "we", "jullie",
    "hem", "haar", "hun", "hen", "ons", "mijn", "zijn", "uw", "is", "was", "wil", "wilde", "kan",
    "kon", "mag", "moet", "zal", "zou", "heeft", "had", "hebben", "wordt", "werd", "gaat",
    "komt", "zegt", "vond", "belde", "vroeg", "woont", "zelf", "ook", "nog", "al", "niet", "geen",
    "wel", "daar", "hier", "er", "nu", "toen", "dan", "straks", "later", "vaak", "erg", "heel",
    "zo", "ook", "even", "ff", "in", "op", "aan", "bij", "met", "voor", "naar", "uit", "over",
    "onder", "tegen", "tot", "om", "door", "na", "sinds", "tijdens", "zonder", "per", "via",
    "te", "van", "tel", "nr", "gb", "geb", "ivm", "i.v.m", "tnv", "t.n.v", "en/of", "of",
    "gaf", "geeft", "weet", "meldt", "meldde", "zag", "ziet", "heb", "ben", "bent", "zitten",
    "zit", "staat", "stond", "liet", "laat", "werkt", "kwam", "ging", "krijgt", "kreeg",
    "reageert", "vertelde", "zei", "eet", "slaapt", "appte", "mailde", "vindt", "denkt",
    "thuis", "samen", "alleen", "soms", "altijd", "nooit", "meer", "minder", "veel", "weinig",
    "enz", "etc", "jr", "sr", "ca", "circa", "ong", "bijv", "zie", "dd", "mbt", "tav", "oa",
    "aangegeven", "gezegd", "boos", "blij", "ziek", "opgenomen",
};

// Capitalized words that are not names of persons here although a name list
// contains them: organisations, laws, services, brands, months and days,
// common sentence openers. (Places come from frogdata.)
constexpr absl::string_view kNotNames[] = {
    "veilig", "thuis", "raad", "kinderbescherming", "gemeente", "jeugdwet", "wmo",
    "participatiewet", "leerplichtwet", "avg", "bw", "ggd", "cjg", "uwv", "svb", "om", "cjib",
    "rdw", "cbr", "ggz", "oggz", "zsh", "mdo", "fg", "ib", "kvk", "brp", "dji", "duo", "cak",
    "politie", "justitie", "rechtbank", "reclassering", "leerplicht", "burgerzaken",
    "belastingdienst", "schuldhulp", "wijkteam", "jongerenwerk", "stichting", "vereniging",
    "zorg", "veiligheidshuis", "advies", "meldpunt", "sociaal", "domein", "jeugd", "jeugdhulp",
    "facebook", "instagram", "insta", "tiktok", "snapchat", "twitter", "linkedin", "youtube",
    "whatsapp", "signal", "teams", "zoom", "excel", "word", "outlook", "gmail", "google",
    "golf", "polo", "fiesta", "corsa", "clio", "ford", "opel", "toyota", "volkswagen",
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december", "maandag", "dinsdag", "woensdag", "donderdag",
    "vrijdag", "zaterdag", "zondag", "pasen", "pinksteren", "kerst", "kerstmis", "ramadan",
    "suikerfeest", "god", "allah", "jezus", "nederland", "nederlands", "nederlandse",
    "oekraïne", "oekraïens", "marokko", "turkije", "polen", "syrië", "eritrea", "suriname",
    "tarifit", "arabisch", "turks", "pools", "engels", "duits", "frans", "q1", "q2", "q3", "q4",
    "adhd", "autisme", "dementie", "wet", "artikel", "art", "lid", "sub", "hoofdstuk",
    "convenant", "meldcode", "verwijsindex", "escalatietafel", "intervisie", "casus",
    "dilemma", "vraag", "antwoord", "update", "quick", "follow-up", "please", "key", "issue",
    "case", "thx", "fyi", "tip", "let", "op", "betreft", "aan", "van", "onderwerp", "verzonden",
    "datum", "adres", "tel", "telefoon", "mobiel", "email", "e-mail", "bank", "rekening",
    "contact", "situatie", "zorgen", "risico", "verzoek", "kinderen", "gezin", "naam",
    "reflectie", "terugblik", "kanttekening", "melding", "signaal", "aanmelding",
    "verslag", "beschikking", "toegekend", "probleem", "mooi", "sterke", "eens", "akkoord",
    "graag", "hoi", "beste", "geachte", "groet", "vriendelijke", "hartelijke", "met", "mijn",
    "onze", "wie", "wat", "hoe", "waarom", "mag", "moet", "kan", "ik", "wij", "zij", "hij",
    "cliënt", "client", "moeder", "vader", "zoon", "dochter", "oma", "opa", "meneer",
    "mevrouw", "mw", "dhr", "juf", "school", "basisschool", "de", "het", "een", "en",
    "bsn", "iban", "kenteken", "wijkagent", "huisarts", "ex", "haar", "zijn", "ouders",
    "nieuwe", "oude", "nieuw", "noord", "zuid", "oost", "west", "centrum", "stad", "dorp",
    "wijk", "buurt", "straat", "provincie", "regio", "rijk", "ministerie", "kamer", "tweede",
    "eerste", "europa", "europese", "unie", "eu", "covid", "corona", "kabinet", "staat",
    "holland", "brabant", "limburg", "friesland", "fryslân", "drenthe", "overijssel",
    "gelderland", "utrecht", "zeeland", "flevoland", "groningen", "ijsselland", "twente",
    "achterhoek", "veluwe", "randstad", "haven", "buiten", "ouderen", "zorgverzekeraar",
    "woningcorporatie", "corporatie", "huurder", "verhuurder", "deurwaarder", "notaris",
    "bijstand", "uitkering", "toeslag", "toeslagen", "energietoeslag", "ww", "wia", "aow",
    "pgb", "wlz", "zvw", "ciz", "wet", "vng", "nji", "kopie", "bijlage", "ps", "nb", "ok",
    "oké", "ja", "nee", "sorry", "dank", "bedankt", "hallo", "welkom", "succes", "fijne",
    "week", "maand", "jaar", "dag", "vandaag", "morgen", "gisteren", "spoed", "urgent",
    "belangrijk", "privacy", "officer", "jurist", "team", "teamleider", "manager", "directeur",
    "directie", "bestuur", "college", "b&w", "raadslid", "wethouder", "burgemeester",
    "sociale", "dienst", "werk", "inkomen", "schuldhulpverlening", "handhaving", "toezicht",
    "inspectie", "ombudsman", "autoriteit", "persoonsgegevens", "ap", "mt", "ot", "vt",
    "jz", "pv", "kvk-nummer", "rb", "ksp", "ltd", "bv", "nv", "vof", "ggd-arts", "mbo",
    "hbo", "wo", "roc", "mavo", "havo", "vwo", "vmbo", "pro", "vso", "sbo", "obs", "cbs",
};

// Cue words after which an identifier follows.
constexpr absl::string_view kIdCues[] = {
    "dossiernummer", "dossiernr", "dossier", "clientnr", "clientnummer", "cliëntnummer",
    "cliëntnr", "klantnummer", "klantnr", "zaaknummer", "zaaknr", "registratienummer",
    "registratienr", "documentnummer", "documentnr", "paspoortnummer", "paspoortnr",
    "rijbewijsnummer", "polisnummer", "polisnr", "studentnummer", "studentnr",
    "leerlingnummer", "leerlingnr", "pasnummer", "pasnr", "kenmerk", "relatienummer",
    "relatienr", "zorgverzekeringsnummer", "verzekeringsnummer", "verzekerdennummer",
    "burgerservicenummer", "bsn", "bsn-nummer", "sofinummer", "v-nummer", "vnummer",
    "cak-nummer", "casenummer", "nr", "nummer", "id-nummer", "idnummer", "referentie",
    "referentienummer", "ref", "aanvraagnummer", "kaartnummer", "personeelsnummer",
    "uitkeringsnummer", "vreemdelingennummer", "pv-nummer", "parketnummer", "meldingsnummer",
    "ticketnummer", "zaak", "case", "cliëntnr.", "lidnummer", "abonneenummer",
    "patnr", "patientnr", "patiëntnr", "patientnummer", "patiëntnummer", "pat.nr", "pnr",
    "serienummer", "serienr", "inschrijfnummer", "inschrijfnr", "zorgnummer", "uzovi",
    "ziekenhuisnummer", "ehr-nummer", "dossiernr.", "registratie",
    "contractnummer", "factuurnummer", "debiteurnummer", "debiteurennummer", "rekeningnr",
};

// Words after which a specific name makes an institution.
constexpr absl::string_view kInstitutions[] = {
    "basisschool", "school", "obs", "cbs", "sbo", "so", "vso", "pcbs", "rkbs", "kbs", "ikc",
    "kindcentrum", "mavo", "havo", "vwo", "vmbo", "atheneum", "gymnasium", "lyceum", "college",
    "vakcollege", "scholengemeenschap", "praktijkonderwijs", "huisartsenpraktijk", "praktijk",
    "tandartspraktijk", "fysiotherapiepraktijk", "gezondheidscentrum", "kinderdagverblijf",
    "kdv", "bso", "peuterspeelzaal", "peuteropvang", "kinderopvang", "apotheek", "vestiging",
    "filiaal", "locatie", "dagbesteding", "geheugenpoli", "polikliniek", "poli", "ziekenhuis",
    "verpleeghuis", "zorgcentrum", "woonzorgcentrum", "daltonschool", "montessorischool",
    "jenaplanschool", "kliniek", "opvang", "woongroep", "zorgboerderij", "buurthuis",
    "wijkcentrum", "jongerencentrum", "crèche", "creche", "speciaal", "mbo-college",
};

constexpr absl::string_view kMonths[] = {
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december", "jan", "feb", "febr", "mrt", "apr", "jun", "jul",
    "aug", "sep", "sept", "okt", "nov", "dec",
};

// Verbs of speaking and coming after which a capitalized word that is also
// an ordinary word ("Jan", "Wil", "Bosman") is a name: "Jan belde".
constexpr absl::string_view kSpeechVerbs[] = {
    "belde", "belt", "zei", "zegt", "vertelde", "vertelt", "mailde", "mailt", "appte", "appt",
    "vroeg", "vraagt", "meldde", "meldt", "antwoordde", "antwoordt", "sprak", "spreekt",
    "schreef", "schrijft", "reageerde", "reageert", "kwam", "komt", "tekende", "tekent",
    "stuurde", "stuurt", "huilde", "lachte", "bezocht", "ontving", "belooft", "beloofde",
    "legde", "verklaarde", "verklaart", "benadrukte", "vertelt", "klaagde", "klaagt",
};

// Words after which (and a colon) a list of names follows in minutes and
// letters: "Aanwezig: Bosman, Ter Haar en Wiegersma".
constexpr absl::string_view kListCues[] = {
    "aanwezig", "afwezig", "notulist", "notulen", "notulant", "voorzitter", "deelnemers",
    "kopie", "cc", "bcc", "afmelding", "afgemeld", "verhinderd", "gasten", "genodigden",
    "behandelaar", "behandelaars", "contactpersonen", "betrokkenen", "ondertekend", "paraaf",
    "aanwezigen", "present", "tekenbevoegd", "opsteller", "auteur", "auteurs",
};

// Named Dutch care organisations (mental health, youth care, disability
// care, university hospitals) that stand alone without a "praktijk" or
// "school" before them: "in behandeling bij Lentis". A quasi-identifier:
// with a client's region it narrows who she is.
constexpr absl::string_view kCareOrgs[] = {
    "lentis", "parnassia", "arkin", "altrecht", "mondriaan", "accare", "karakter",
    "yulius", "emergis", "ggnet", "mediant", "tactus", "jellinek", "levvel", "youké", "youke",
    "lindenhout", "pluryn", "cordaan", "amarant", "koraal", "inforsa", "rivierduinen", "fivoor",
    "triversum", "elker", "entrea", "intermetzo", "kentalis", "reinaerde", "zideris", "umcg",
    "umcu", "amc", "vumc", "mumc", "radboudumc", "erasmusmc", "olvg", "isala",
    "rijnstate", "tergooi", "zuyderland", "tjongerschans", "amphia",
};

constexpr BuiltinList kLists[] = {
    {kSpeechVerb, kSpeechVerbs},  {kListCue, kListCues},    {kCareOrg, kCareOrgs},
    {kTitleCue, kTitles},         {kRelationCue, kRelations}, {kParticle, kParticles},
    {kFunctionWord, kFunctionWords}, {kNotName, kNotNames},   {kIdCue, kIdCues},
    {kInstitution, kInstitutions}, {kMonth, kMonths},
};

}  // namespace

absl::Span<const BuiltinList> BuiltinLists() { return kLists; }

}  // namespace kompas::privacy::internal
