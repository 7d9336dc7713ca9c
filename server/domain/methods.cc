#include "domain/methods.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "common/log.h"
#include "google/protobuf/text_format.h"

namespace kompas::domain {
namespace {

// The templates. Kinds: QUESTION (verhelderende vraag), EXPERIENCE ("in mijn
// praktijk…"), CONSIDERATION (iets om te wegen), ADVICE, CONCERN. An empty
// owner_kinds means the case owner (inbrenger) listens in that phase.
constexpr char kTemplates[] = R"pb(
methods {
  id: "incident"
  title: "Incidentmethode"
  description: "Eén concreet incident, stap voor stap: eerst alleen vragen, dan analyse, dan advies; de inbrenger luistert terwijl de groep adviseert."
  phases {
    id: "INTAKE"
    title: "Inbreng"
    instruction: "De inbrenger vertelt de casus en de vraag; de anderen luisteren."
    owner_kinds: [REFLECTION_KIND_EXPERIENCE, REFLECTION_KIND_CONSIDERATION, REFLECTION_KIND_CONCERN]
  }
  phases {
    id: "CLARIFYING_QUESTIONS"
    title: "Verhelderende vragen"
    instruction: "Stel alleen verhelderende vragen, nog geen advies of oordeel; de inbrenger antwoordt."
    participant_kinds: [REFLECTION_KIND_QUESTION]
    owner_kinds: [REFLECTION_KIND_EXPERIENCE]
  }
  phases {
    id: "ANALYSIS"
    title: "Analyse"
    instruction: "Wat speelt er? Deel ervaringen, overwegingen en zorgen; nog geen advies."
    participant_kinds: [REFLECTION_KIND_EXPERIENCE, REFLECTION_KIND_CONSIDERATION, REFLECTION_KIND_CONCERN]
    owner_kinds: [REFLECTION_KIND_EXPERIENCE, REFLECTION_KIND_CONSIDERATION]
  }
  phases {
    id: "ADVICE"
    title: "Advies"
    instruction: "Geef advies; de inbrenger luistert en reageert nog niet."
    participant_kinds: [REFLECTION_KIND_ADVICE]
  }
  phases {
    id: "CONCLUSION"
    title: "Conclusie"
    instruction: "De inbrenger zegt wat hij meeneemt; de begeleider legt conclusies vast."
    participant_kinds: [REFLECTION_KIND_CONSIDERATION]
    owner_kinds: [REFLECTION_KIND_CONSIDERATION]
    records_conclusions: true
  }
  phases {
    id: "EVALUATION"
    title: "Evaluatie"
    instruction: "Vul de korte evaluatie in: was het veilig, werd het dilemma helderder, is de methode gevolgd?"
    takes_evaluation: true
  }
}
methods {
  id: "balint"
  title: "Balintmethode"
  description: "De groep associeert vrij op wat de casus bij hen oproept, terwijl de inbrenger luistert; daarna reageert de inbrenger."
  phases {
    id: "PRESENTATION"
    title: "Inbreng"
    instruction: "De inbrenger vertelt de casus zonder voorbereide tekst; de anderen luisteren."
    owner_kinds: [REFLECTION_KIND_EXPERIENCE, REFLECTION_KIND_CONSIDERATION]
  }
  phases {
    id: "QUESTIONS"
    title: "Feitelijke vragen"
    instruction: "Stel alleen korte feitelijke vragen; de inbrenger antwoordt."
    participant_kinds: [REFLECTION_KIND_QUESTION]
    owner_kinds: [REFLECTION_KIND_EXPERIENCE]
  }
  phases {
    id: "ASSOCIATIONS"
    title: "Associaties"
    instruction: "Zeg wat de casus bij je oproept: gevoelens, beelden, ervaringen; de inbrenger luistert."
    participant_kinds: [REFLECTION_KIND_EXPERIENCE, REFLECTION_KIND_CONSIDERATION, REFLECTION_KIND_CONCERN]
  }
  phases {
    id: "OWNER_RESPONSE"
    title: "Reactie inbrenger"
    instruction: "De inbrenger vertelt wat hem raakte en wat hij meeneemt; de anderen luisteren."
    owner_kinds: [REFLECTION_KIND_CONSIDERATION, REFLECTION_KIND_EXPERIENCE]
  }
  phases {
    id: "CLOSING"
    title: "Afronding"
    instruction: "Rond samen af; de begeleider legt conclusies vast en vraagt om de evaluatie."
    participant_kinds: [REFLECTION_KIND_CONSIDERATION]
    owner_kinds: [REFLECTION_KIND_CONSIDERATION]
    records_conclusions: true
    takes_evaluation: true
  }
}
methods {
  id: "dilemma"
  title: "Dilemmamethode (moreel beraad)"
  description: "Moreel beraad in acht stappen: van de casus via de morele vraag, feiten, perspectieven en waarden naar een gedragen keuze en de follow-up."
  phases {
    id: "CASE"
    title: "Casus"
    instruction: "De inbrenger beschrijft de situatie en waar hij mee worstelt; de anderen luisteren."
    owner_kinds: [REFLECTION_KIND_EXPERIENCE, REFLECTION_KIND_CONSIDERATION]
  }
  phases {
    id: "MORAL_QUESTION"
    title: "Morele vraag"
    instruction: "Formuleer samen de morele vraag: moet ik A of B doen? Alleen vragen en overwegingen."
    participant_kinds: [REFLECTION_KIND_QUESTION, REFLECTION_KIND_CONSIDERATION]
    owner_kinds: [REFLECTION_KIND_QUESTION, REFLECTION_KIND_CONSIDERATION]
  }
  phases {
    id: "FACTS"
    title: "Feiten"
    instruction: "Breng de feiten in kaart: stel vragen; de inbrenger vult aan."
    participant_kinds: [REFLECTION_KIND_QUESTION]
    owner_kinds: [REFLECTION_KIND_EXPERIENCE]
  }
  phases {
    id: "PERSPECTIVES"
    title: "Perspectieven"
    instruction: "Wie zijn betrokken en hoe kijken zij ertegenaan? Deel ervaringen en overwegingen."
    participant_kinds: [REFLECTION_KIND_EXPERIENCE, REFLECTION_KIND_CONSIDERATION]
    owner_kinds: [REFLECTION_KIND_EXPERIENCE, REFLECTION_KIND_CONSIDERATION]
  }
  phases {
    id: "VALUES_AND_NORMS"
    title: "Waarden en normen"
    instruction: "Welke waarden en normen staan op het spel per perspectief? Overwegingen en zorgen."
    participant_kinds: [REFLECTION_KIND_CONSIDERATION, REFLECTION_KIND_CONCERN]
    owner_kinds: [REFLECTION_KIND_CONSIDERATION, REFLECTION_KIND_CONCERN]
  }
  phases {
    id: "OPTIONS"
    title: "Handelingsopties"
    instruction: "Welke opties zijn er, en wat betekenen ze voor de waarden? Overwegingen en adviezen."
    participant_kinds: [REFLECTION_KIND_CONSIDERATION, REFLECTION_KIND_ADVICE]
    owner_kinds: [REFLECTION_KIND_CONSIDERATION]
  }
  phases {
    id: "CHOICE"
    title: "Keuze"
    instruction: "De inbrenger kiest en motiveert; de groep weegt mee. De begeleider legt conclusies vast."
    participant_kinds: [REFLECTION_KIND_CONSIDERATION]
    owner_kinds: [REFLECTION_KIND_CONSIDERATION]
    records_conclusions: true
  }
  phases {
    id: "FOLLOW_UP"
    title: "Follow-up"
    instruction: "Wat is nodig om de keuze uit te voeren, en wat leren we ervan? Conclusies en evaluatie."
    participant_kinds: [REFLECTION_KIND_CONSIDERATION, REFLECTION_KIND_ADVICE]
    owner_kinds: [REFLECTION_KIND_CONSIDERATION]
    records_conclusions: true
    takes_evaluation: true
  }
}
)pb";

[[noreturn]] void BrokenTemplates(const char* why) {
  log::Error("method_templates_broken", {{"why", why}});
  std::abort();
}

std::vector<v1::Method> Load() {
  v1::ListMethodsResponse parsed;
  if (!google::protobuf::TextFormat::ParseFromString(kTemplates, &parsed)) {
    BrokenTemplates("kTemplates is not valid text format");
  }
  std::vector<v1::Method> out(parsed.methods().begin(), parsed.methods().end());
  std::set<std::string> ids;
  for (const v1::Method& m : out) {
    if (m.id().empty() || !ids.insert(m.id()).second) BrokenTemplates("empty or duplicate method id");
    if (m.phases_size() == 0) BrokenTemplates("a method without phases");
    std::set<std::string> phases;
    for (const v1::Phase& p : m.phases()) {
      if (p.id().empty() || !phases.insert(p.id()).second) {
        BrokenTemplates("empty or duplicate phase id");
      }
      if (p.instruction().empty()) BrokenTemplates("a phase without instruction");
    }
  }
  std::sort(out.begin(), out.end(),
            [](const v1::Method& a, const v1::Method& b) { return a.id() < b.id(); });
  return out;
}

}  // namespace

const std::vector<v1::Method>& Methods() {
  static const auto* methods = new std::vector<v1::Method>(Load());
  return *methods;
}

const v1::Method* FindMethod(absl::string_view id) {
  for (const v1::Method& m : Methods()) {
    if (m.id() == id) return &m;
  }
  return nullptr;
}

int PhaseIndex(const v1::Method& method, absl::string_view id) {
  for (int i = 0; i < method.phases_size(); ++i) {
    if (method.phases(i).id() == id) return i;
  }
  return -1;
}

absl::string_view KindWord(v1::ReflectionKind kind) {
  switch (kind) {
    case v1::REFLECTION_KIND_QUESTION: return "QUESTION";
    case v1::REFLECTION_KIND_EXPERIENCE: return "EXPERIENCE";
    case v1::REFLECTION_KIND_CONSIDERATION: return "CONSIDERATION";
    case v1::REFLECTION_KIND_ADVICE: return "ADVICE";
    case v1::REFLECTION_KIND_CONCERN: return "CONCERN";
    default: return "UNSPECIFIED";
  }
}

}  // namespace kompas::domain
