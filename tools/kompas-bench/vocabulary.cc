#include "vocabulary.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <set>

namespace kompas::bench {
namespace {

// The hand-written head of the vocabulary, most frequent first. Domain
// nouns and noun phrases of wijkteam and privacy practice; no names of
// people, schools, practices or streets, and no numbers.
const char* const kHead[] = {
    "wijkteam", "ouders", "school", "gegevens", "toestemming", "gezin", "jeugdhulp", "dossier",
    "informatie", "zorgen", "hulp", "privacy", "kind", "leerling", "situatie", "gesprek",
    "afspraak", "wijkcoach", "huisarts", "leerplicht", "melding", "signalen", "casusoverleg",
    "grondslag", "doelbinding", "proportionaliteit", "schuldhulp", "Wmo", "GGD", "Veilig Thuis",
    "jeugdarts", "intern begeleider", "leerplichtambtenaar", "verzuim", "huisbezoek",
    "zorgaanbieder", "indicatie", "beschikking", "hulpverlening", "privacyofficer", "gemeente",
    "professional", "moeder", "vader", "jongere", "subsidiariteit", "beroepsgeheim", "meldcode",
    "zorgplicht", "verwerkingsregister", "inzageverzoek", "bewaartermijn", "vernietiging",
    "anonimiseren", "pseudonimiseren", "dataminimalisatie", "noodzakelijkheid",
    "belangenafweging", "conflict van plichten", "veiligheidshuis", "politie",
    "woningcorporatie", "schuldeiser", "bewindvoerder", "budgetbeheer", "inkomensondersteuning",
    "bijstand", "participatie", "dagbesteding", "mantelzorg", "respijtzorg", "thuiszorg",
    "huishoudelijke hulp", "begeleiding", "beschermd wonen", "maatschappelijke opvang", "ggz",
    "verslavingszorg", "wijkagent", "zorgcoördinator", "regiehouder", "gezinsplan",
    "ondersteuningsplan", "perspectiefplan", "keukentafelgesprek", "vroegsignalering",
    "huurachterstand", "energieschuld", "zorgverzekering", "leerlingvolgsysteem",
    "zorgadviesteam", "passend onderwijs", "samenwerkingsverband", "thuiszitter", "vrijstelling",
    "jeugdbescherming", "kinderbescherming", "ondertoezichtstelling", "gezinsvoogd",
    "gecertificeerde instelling", "uithuisplaatsing", "pleegzorg", "jeugdreclassering", "drang",
    "vrijwillig kader", "verwijsindex", "datalek", "beveiliging", "versleuteling", "brief",
    "verslag", "notitie", "rapportage", "overdracht", "warme overdracht", "escalatie",
    "opschaling", "afschaling", "huiselijk geweld", "kindermishandeling", "risicotaxatie",
    "veiligheidsplan", "signaleringsoverleg", "netwerkberaad", "mentor", "zorgcoördinator",
    "schoolmaatschappelijk werk", "orthopedagoog", "gedragswetenschapper", "psycholoog",
    "praktijkondersteuner", "consultatiebureau", "kraamzorg", "verloskundige",
    "wijkverpleegkundige", "ouderenzorg", "eenzaamheid", "dementie", "mantelzorger",
    "vrijwilliger", "buurtteam", "welzijnswerk", "jongerenwerk", "opbouwwerk", "straatcoach",
    "sociale raadslieden", "formulierenhulp", "belastingdienst", "toeslagen", "kinderopvang",
    "uitkering", "inkomen", "werkloosheid", "arbeidsbemiddeling", "taalcursus", "inburgering",
    "statushouder", "nieuwkomer", "tolk", "vertaling", "cultuur", "opvoeding", "opvoedsteun",
    "gezinscoach", "ouderschap", "scheiding", "omgangsregeling", "gezag", "voogdij",
    "mediation", "rechter", "advocaat", "ombudsman", "klacht", "bezwaar", "beroep",
    "inspectie", "toezicht", "audit", "logging", "autorisatie", "rolverdeling",
    "functiescheiding", "need to know", "dossierplicht", "verslaglegging", "bijzondere gegevens",
    "gezondheidsgegevens", "strafrechtelijke gegevens", "burgerservicenummer",
    "identificatie", "verificatie", "informatieplicht", "privacyverklaring", "verwerker",
    "verwerkersovereenkomst", "convenant", "samenwerkingsafspraak", "protocol", "werkinstructie",
    "stappenplan", "afwegingskader", "handreiking", "beleid", "verantwoording", "transparantie",
    "rechtmatigheid", "zorgvuldigheid", "vertrouwen", "relatie", "weerstand", "motivatie",
    "draagkracht", "draaglast", "veerkracht", "eigen kracht", "netwerk", "familie", "buren",
    "vriendschap", "leefomgeving", "huisvesting", "woning", "verhuizing", "dakloosheid",
    "nachtopvang", "vrouwenopvang", "crisisdienst", "spoedeisende hulp", "ziekenhuis",
    "revalidatie", "medicatie", "diagnose", "behandeling", "wachtlijst", "overbrugging",
    "tussenvoorziening", "maatwerk", "voorliggende voorziening", "algemene voorziening",
    "persoonsgebonden budget", "zorg in natura", "eigen bijdrage", "aanvraag", "melding Wmo",
    "onderzoek", "ondersteuningsbehoefte", "zelfredzaamheid", "regie", "ketenpartner",
    "zorgnetwerk", "huisartsenpost", "apotheek", "tandarts", "logopedie", "fysiotherapie",
    "ergotherapie", "sportvereniging", "bibliotheek", "buurthuis", "moskee", "kerk",
    "voedselbank", "kledingbank", "kringloop", "armoedebeleid", "minimaregeling",
    "meedoenregeling", "kindpakket", "schoolkosten", "schoolreis", "leerlingenvervoer",
    "onderwijsachterstand", "schooladvies", "overstap", "voortgezet onderwijs", "mbo",
    "stage", "startkwalificatie", "voortijdig schoolverlaten", "jeugdwerkloosheid",
    "nazorg", "detentie", "reclassering", "slachtofferhulp", "zorgmelding", "bemoeizorg",
    "vangnet", "meldpunt", "wijkgericht werken", "integrale aanpak", "casusregie",
    "procesregie", "doorbraakaanpak", "escalatiemodel", "privacyspreekuur", "intervisie",
};

// Parts of the compounds that make the long tail: modifier + head, and
// modifier + modifier + head. Dutch glues them without spaces.
const char* const kModifiers[] = {
    "school", "zorg", "privacy", "gezins", "jeugd", "schuld", "data", "dossier", "wijk",
    "budget", "huur", "inkomens", "leer", "veiligheids", "meld", "informatie", "toestemmings",
    "verwerkings", "overleg", "hulp", "begeleidings", "ondersteunings", "woon", "werk", "taal",
    "opvoed", "gezondheids", "buurt", "casus", "keten", "netwerk", "signalerings", "regie",
    "inzage", "bewaar", "beveiligings", "verzuim", "opvang", "crisis", "nazorg", "preventie",
    "toezicht", "ouder", "leerlingen", "mantelzorg", "armoede", "vroeg", "maatwerk",
    "onderwijs", "welzijns", "gedrags", "risico", "vertrouwens", "samenwerkings", "team",
    "klacht", "bezwaar", "kwaliteits", "dienst", "uitvoerings",
};
const char* const kHeads[] = {
    "vraag", "plan", "overleg", "verslag", "signaal", "afspraak", "coördinator", "gesprek",
    "team", "register", "procedure", "protocol", "termijn", "kader", "route", "advies",
    "besluit", "risico", "traject", "aanpak", "beleid", "formulier", "verzoek", "netwerk",
    "regie", "notitie", "brief", "melding", "toets", "analyse", "rapport", "spreekuur",
    "functionaris", "medewerker", "partner", "instrument", "systeem", "werkwijze", "norm",
    "grens", "vraagstuk", "knelpunt", "dilemma", "afweging", "evaluatie", "bespreking",
    "moment", "fase", "opdracht", "verantwoordelijkheid",
};

const char* const kActors[] = {
    "de school", "de huisarts", "de GGD", "Veilig Thuis", "de wijkcoach", "het wijkteam",
    "de leerplichtambtenaar", "de jeugdarts", "de woningcorporatie", "de bewindvoerder",
    "de intern begeleider", "de zorgaanbieder", "de gemeente", "de privacyofficer",
    "de wijkagent", "de gezinsvoogd", "de schuldhulpverlener", "de consulent",
    "de mentor", "de jongerenwerker", "de wijkverpleegkundige", "het consultatiebureau",
    "de zorgcoördinator", "de praktijkondersteuner", "het samenwerkingsverband",
};

const char* const kLawNames[] = {
    "de Jeugdwet", "de AVG", "de Wmo", "de Participatiewet", "de Leerplichtwet",
    "de Wet gemeentelijke schuldhulpverlening", "de meldcode", "de Uitvoeringswet AVG",
};

const char* const kTimes[] = {
    "vorige week", "sinds enige tijd", "na de zomervakantie", "tijdens het laatste overleg",
    "bij het eerste huisbezoek", "in het casusoverleg", "al langere tijd", "onlangs",
    "aan het begin van het schooljaar", "na een melding", "in de afgelopen maanden",
};

const char* const kLaws[] = {
    "Jeugdwet", "AVG", "Wmo 2015", "Participatiewet", "Leerplichtwet",
    "Wet gemeentelijke schuldhulpverlening", "Uitvoeringswet AVG", "Wet verplichte ggz",
    "Wet zorg en dwang", "Meldcode huiselijk geweld en kindermishandeling",
};

const char* const kThemes[] = {
    "gegevensdeling-school", "toestemming", "meldcode", "schuldhulp", "huiselijk-geweld",
    "multiprobleem", "informatie-ouders", "doelbinding", "bewaartermijn", "inzagerecht",
    "huisarts", "leerplicht", "beroepsgeheim", "woningcorporatie", "politie", "ggz",
    "ketensamenwerking", "dossiervorming",
};

// Sentence patterns. {w}: a vocabulary word, {a}: an actor, {l}: a law
// ("de Jeugdwet"), {L}: a law's label ("Jeugdwet"), {t}: a time phrase.
const std::vector<std::string> kSituationPatterns = {
    "{a} vraagt of het gezin bekend is bij het wijkteam en wil weten wie de {w} heeft.",
    "{t} kwamen er signalen over {w} en {w} binnen via {a}.",
    "De ouders hebben toestemming gegeven voor het delen van {w}, maar niet voor {w}.",
    "{a} maakt zich zorgen over {w} en over de {w} in het gezin.",
    "Het wijkteam is betrokken vanwege {w}; {a} weet daar nog niets van.",
    "In het casusoverleg werd gevraagd welke {w} gedeeld mag worden met {a}.",
    "{a} wil het dossier inzien om de {w} beter te kunnen beoordelen.",
    "Er is twijfel of {l} een grondslag biedt voor het delen van {w}.",
    "De jongere heeft zelf aangegeven dat {w} en {w} een rol spelen.",
    "{t} is er contact geweest met {a} over {w}.",
    "Het gezin staat open voor hulp bij {w}, maar wil niet dat {a} wordt ingelicht.",
    "De wijkcoach twijfelt of de {w} in verhouding staat tot het doel van de {w}.",
    "{a} heeft een verzoek gedaan om informatie over {w} en {w}.",
    "Het is onduidelijk wie de regie heeft over de {w} en de {w}.",
    "Volgens {a} is er sprake van {w}, maar dat is niet vastgelegd in het dossier.",
    "{t} bleek dat de {w} al bij {a} bekend was.",
    "De vraag is of de {w} noodzakelijk is voor de uitvoering van de {w}.",
    "Er is een afspraak gemaakt met {a} om de {w} samen te bespreken.",
    "Het leerlingvolgsysteem bevat aantekeningen over {w} die de school wil doorgeven.",
    "De huisarts beroept zich op het beroepsgeheim als het gaat om {w}.",
    "De ouders willen weten welke gegevens over {w} zijn vastgelegd.",
    "Binnen het wijkteam bestaat verschil van inzicht over {w} en {w}.",
    "{a} stelt voor om de {w} op te nemen in het gezinsplan.",
    "De {w} is aanleiding om opnieuw naar de {w} te kijken.",
    "Het gezin heeft schulden en de {w} loopt op; {a} wil helpen met {w}.",
    "Er is een melding gedaan bij Veilig Thuis en {a} vraagt om een terugkoppeling over {w}.",
    "Het gaat om een situatie met {w}, {w} en {w}.",
    "Het verzuim op school neemt toe en de leerplichtambtenaar vraagt naar {w}.",
    "Het is de vraag of dit past binnen {l} en de afspraken over {w}.",
    "Er speelt ook {w}, waardoor de {w} lastig te plannen is.",
};

const std::vector<std::string> kQuestionPatterns = {
    "Mag het wijkteam {w} delen met {a} zonder toestemming van de ouders?",
    "Welke grondslag biedt {l} voor het delen van {w} met {a}?",
    "Is het proportioneel om {w} op te vragen bij {a}?",
    "Wat mogen wij {a} vertellen over {w} en {w}?",
    "Hoe gaan wij om met een verzoek van {a} om {w}?",
    "Moeten wij de ouders informeren voordat wij {w} delen met {a}?",
    "Valt de {w} onder het beroepsgeheim of onder {l}?",
    "Hoe lang mogen wij gegevens over {w} bewaren in het dossier?",
    "Kan de {w} worden besproken in het casusoverleg zonder toestemming?",
};

const std::vector<std::string> kTitlePatterns = {
    "{w} delen met {a}", "Vraag van {a} over {w}", "{w} en {w} in het casusoverleg",
    "Toestemming voor {w}", "Grondslag voor {w} bij {a}", "Signalen over {w}",
    "Terugkoppeling aan {a} over {w}", "{w} zonder toestemming", "Inzage in {w}",
    "Doelbinding bij {w} en {w}",
};

const std::vector<std::string> kTaskPatterns = {
    "{L}: toegang tot {w}.", "{L}: ondersteuning bij {w}.", "Uitvoering van {l} rond {w}.",
    "Toeleiding naar {w} en {w}.",
};
const std::vector<std::string> kPurposePatterns = {
    "{a} wil weten of er al {w} is, zodat het werk niet dubbel gebeurt.",
    "Het doel is de {w} goed af te stemmen met {a}.",
    "Zicht krijgen op {w} om passende {w} te kunnen bieden.",
};
const std::vector<std::string> kNecessaryDataPatterns = {
    "Alleen of er contact is over {w}, niet de inhoud.",
    "Gegevens over {w}; geen gegevens over {w} of inkomen.",
    "De {w} en de naam van de betrokken organisatie, verder niets.",
};
const std::vector<std::string> kLegalBasisPatterns = {
    "Zonder toestemming is er geen grondslag om {w} te delen; eerst de ouders vragen is minder "
    "ingrijpend.",
    "{l} biedt een grondslag voor {w}, mits het delen noodzakelijk en proportioneel is.",
    "Het doel rechtvaardigt het delen van {w} niet; een minder ingrijpende weg is {w}.",
    "Subsidiariteit: eerst met het gezin bespreken, pas daarna {a} informeren over {w}.",
};
const std::vector<std::string> kOptionPatterns = {
    "Niets bevestigen en {a} vragen de ouders zelf te verwijzen.",
    "Met de ouders bespreken of zij willen dat het wijkteam contact opneemt met {a}.",
    "Alleen de {w} delen en de rest van het dossier afschermen.",
    "De vraag voorleggen aan de privacyofficer voordat er {w} wordt gedeeld.",
    "Een gezamenlijk gesprek organiseren met het gezin en {a} over {w}.",
};

const std::vector<std::string> kReflectionPatterns = {
    "Ik zou eerst met de ouders in gesprek gaan over {w}.",
    "Bij ons is afgesproken dat {a} alleen hoort of er contact is, niet waarover.",
    "Is er al gekeken naar {w}? Dat kan een minder ingrijpende weg zijn.",
    "Wij hebben goede ervaringen met {w} in zo'n situatie.",
    "Let op de doelbinding: de {w} is voor een ander doel verzameld.",
    "Volgens mij biedt {l} hier geen grondslag voor.",
    "Wat is precies het doel van {a} met deze {w}?",
    "Ik maak mij zorgen over de {w}; wacht daar niet te lang mee.",
    "Leg de afweging over {w} goed vast in het dossier.",
    "De privacyofficer kan helpen bij de afweging rond {w}.",
    "Zou het helpen om {a} uit te nodigen voor het casusoverleg?",
    "Bij twijfel over {w} zou ik de meldcode volgen.",
    "Wij vragen in zo'n geval altijd eerst toestemming, ook voor {w}.",
    "Het gezin moet weten wat er met de {w} gebeurt.",
    "Proportionaliteit: is het delen van {w} echt nodig voor het doel?",
};

// The most frequent compound parts come first, so compounds of common
// parts rank above compounds of rare parts.
std::vector<std::string> BuildVocabulary() {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& w) {
    if (seen.insert(w).second) out.push_back(w);
  };
  for (const char* w : kHead) add(w);
  const size_t mods = std::size(kModifiers), heads = std::size(kHeads);
  // Two-part compounds, ranked by the sum of their parts' ranks.
  for (size_t sum = 0; sum < mods + heads; ++sum) {
    for (size_t m = 0; m < mods && m <= sum; ++m) {
      const size_t h = sum - m;
      if (h < heads) add(std::string(kModifiers[m]) + kHeads[h]);
    }
  }
  // Three-part compounds of the commoner parts, likewise: the rare tail.
  const size_t mods3 = std::min<size_t>(mods, 30), heads3 = std::min<size_t>(heads, 30);
  for (size_t sum = 0; sum < 2 * mods3 + heads3; ++sum) {
    for (size_t m1 = 0; m1 < mods3 && m1 <= sum; ++m1) {
      for (size_t m2 = 0; m2 < mods3 && m1 + m2 <= sum; ++m2) {
        const size_t h = sum - m1 - m2;
        if (m1 == m2 || h >= heads3) continue;
        add(std::string(kModifiers[m1]) + kModifiers[m2] + kHeads[h]);
      }
    }
  }
  return out;
}

// Cumulative weights 1/rank^s over the vocabulary.
constexpr double kZipfExponent = 1.0;
const std::vector<double>& ZipfCdf() {
  static const auto* cdf = [] {
    auto* c = new std::vector<double>();
    double total = 0;
    for (size_t r = 1; r <= Vocabulary().size(); ++r) {
      total += 1.0 / std::pow(static_cast<double>(r), kZipfExponent);
      c->push_back(total);
    }
    return c;
  }();
  return *cdf;
}

int CountWords(const std::string& s) {
  int n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

std::vector<std::string> ToVector(const char* const* begin, const char* const* end) {
  return std::vector<std::string>(begin, end);
}

}  // namespace

const std::vector<std::string>& Vocabulary() {
  static const auto* v = new std::vector<std::string>(BuildVocabulary());
  return *v;
}

const std::vector<std::string>& Laws() {
  static const auto* v = new std::vector<std::string>(ToVector(std::begin(kLaws), std::end(kLaws)));
  return *v;
}

const std::vector<std::string>& Themes() {
  static const auto* v =
      new std::vector<std::string>(ToVector(std::begin(kThemes), std::end(kThemes)));
  return *v;
}

TextGenerator::TextGenerator(uint64_t seed) : rng_(seed) {}

const std::string& TextGenerator::ZipfWord() {
  const std::vector<double>& cdf = ZipfCdf();
  const double x = Unit() * cdf.back();
  size_t i = static_cast<size_t>(std::upper_bound(cdf.begin(), cdf.end(), x) - cdf.begin());
  if (i >= cdf.size()) i = cdf.size() - 1;
  return Vocabulary()[i];
}

const std::string& TextGenerator::UniformWord() { return Vocabulary()[Below(Vocabulary().size())]; }

std::string TextGenerator::Fill(const std::string& pattern) {
  std::string out;
  out.reserve(pattern.size() + 64);
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}') {
      switch (pattern[i + 1]) {
        case 'w': out += ZipfWord(); break;
        case 'a': out += kActors[Below(std::size(kActors))]; break;
        case 'l': out += kLawNames[Below(std::size(kLawNames))]; break;
        case 'L': out += kLaws[Below(std::size(kLaws))]; break;
        case 't': out += kTimes[Below(std::size(kTimes))]; break;
      }
      i += 2;
      continue;
    }
    out += pattern[i];
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string TextGenerator::Sentences(const std::vector<std::string>& patterns, int words) {
  std::string out;
  int n = 0;
  while (n < words) {
    std::string s = Fill(Pick(patterns));
    n += CountWords(s);
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

std::string TextGenerator::Title() { return Fill(Pick(kTitlePatterns)); }
std::string TextGenerator::Situation() {
  return Sentences(kSituationPatterns, 80 + static_cast<int>(Below(111)));
}
std::string TextGenerator::Question() { return Fill(Pick(kQuestionPatterns)); }
std::string TextGenerator::Task() { return Fill(Pick(kTaskPatterns)); }
std::string TextGenerator::Purpose() { return Fill(Pick(kPurposePatterns)); }
std::string TextGenerator::NecessaryData() { return Fill(Pick(kNecessaryDataPatterns)); }
std::string TextGenerator::LegalBasis() { return Fill(Pick(kLegalBasisPatterns)); }
std::string TextGenerator::Option() { return Fill(Pick(kOptionPatterns)); }
std::string TextGenerator::Reflection() {
  return Sentences(kReflectionPatterns, 20 + static_cast<int>(Below(31)));
}

std::vector<std::string> TextGenerator::PickLaws() {
  std::vector<std::string> out;
  const int n = 1 + static_cast<int>(Below(3));
  while (static_cast<int>(out.size()) < n) {
    // The first laws are the common ones: draw from a shrinking prefix.
    const std::string& law = Laws()[Below(1 + Below(Laws().size()))];
    if (std::find(out.begin(), out.end(), law) == out.end()) out.push_back(law);
  }
  return out;
}

std::vector<std::string> TextGenerator::PickThemes() {
  std::vector<std::string> out;
  const int n = 1 + static_cast<int>(Below(3));
  while (static_cast<int>(out.size()) < n) {
    const std::string& theme = Themes()[Below(1 + Below(Themes().size()))];
    if (std::find(out.begin(), out.end(), theme) == out.end()) out.push_back(theme);
  }
  return out;
}

std::vector<std::string> SearchQueries(int count, uint64_t seed) {
  TextGenerator gen(seed ^ 0x9e3779b97f4a7c15ULL);  // not the corpus's own stream
  std::vector<std::string> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    const int words = 1 + static_cast<int>(gen.Below(4));
    std::string q;
    int n = 0;
    while (n < words) {
      const std::string& w = gen.Unit() < 0.5 ? gen.ZipfWord() : gen.UniformWord();
      const int w_words = CountWords(w);
      if (n > 0 && n + w_words > 4) continue;  // phrases count as their words
      if (!q.empty()) q += ' ';
      q += w;
      n += w_words;
    }
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace kompas::bench
