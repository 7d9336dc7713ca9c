// A specifically named school, practice or branch — a quasi-identifier (WARN):
// "basisschool De Regenboog", "OBS De Springplank in Vlaardingen-West",
// "Sint Jozefschool in Deventer-Colmschate", "Huisartsenpraktijk Dr. Meulenbelt",
// "Stedelijk Lyceum Leeuwarden, locatie Camminghaburen". A generic mention
// ("de school", "op school (…)") is not reported.
#include <string>

#include "absl/strings/match.h"
#include "privacy/internal/scan_context.h"

namespace kompas::privacy::internal {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

constexpr absl::string_view kCompoundSuffixes[] = {"school", "college", "lyceum", "praktijk", "centrum",
                                                    "poli", "kliniek", "ziekenhuis", "gasthuis"};

bool IsTrigger(const ScanContext& ctx, size_t i) {
  if (!ctx.Is(i, TokenType::kWord)) return false;
  if (ctx.Flags(i) & kInstitution) return true;
  if (!ctx.HasShape(i, kCap)) return false;
  absl::string_view f = ctx.Folded(i);
  // Every suffix ends in one of these letters: most words are done here.
  if (f.empty() || absl::string_view("lemkis").find(f.back()) == absl::string_view::npos) return false;
  for (absl::string_view s : kCompoundSuffixes) {
    if (f.size() > s.size() + 2 && absl::EndsWith(f, s)) return true;
  }
  return false;
}

bool IsArticle(absl::string_view w) {
  return w == "De" || w == "Het" || w == "'t" || w == "de" || w == "het" || w == "Dr" ||
         w == "dr" || w == "Sint" || w == "St" || w == "van" || w == "der";
}

// A capitalized name word (not a cue, not a generic organisation word).
bool IsNameWord(const ScanContext& ctx, size_t i) {
  if (!ctx.Is(i, TokenType::kWord) && !ctx.Is(i, TokenType::kMixed)) return false;
  if (!ctx.HasShape(i, kCap)) return false;
  uint16_t f = ctx.Flags(i);
  if (f & (kTitleCue | kRelationCue | kMonth | kIdCue)) return false;
  return true;
}

// "Accare in Assen": the place after an organisation belongs to the name of
// its branch. Returns the new last token.
size_t WithPlace(const ScanContext& ctx, size_t e) {
  const auto& tokens = ctx.tokens();
  if (e + 2 < tokens.size() && ctx.Is(e + 1, TokenType::kWord) &&
      (ctx.TokenText(e + 1) == "in" || ctx.TokenText(e + 1) == "te") && (ctx.Flags(e + 2) & kPlace) &&
      ctx.HasShape(e + 2, kCap) && !(tokens[e + 2].shape & kNewlineBefore)) {
    return e + 2;
  }
  return e;
}

// A hospital acronym: "UMCG", "LUMC", "AMC", "VUmc", "Radboudumc".
bool MedicalCentreAcronym(const ScanContext& ctx, size_t i) {
  if (!ctx.Is(i, TokenType::kWord) || !ctx.HasShape(i, kCap)) return false;
  absl::string_view f = ctx.Folded(i);
  if (f.size() < 3 || (ctx.Flags(i) & (kNotName | kIdCue))) return false;
  return absl::StartsWith(f, "umc") ||
         (absl::EndsWith(f, "mc") && ctx.HasShape(i, kAllCaps) && f.size() <= 5) ||
         (absl::EndsWith(f, "umc") && f.size() > 5);
}

// Words after which (with "bij", "naar", "in" and maybe "het"/"de") an
// organisation is named: "in behandeling bij Lentis", "verwezen naar het UMCG".
bool ReferralCue(absl::string_view folded) {
  for (absl::string_view w : {"behandeling", "verwezen", "doorverwezen", "opgenomen", "aangemeld", "overgeplaatst",
                              "ingeschreven", "onderzocht", "geplaatst", "begeleiding", "zorg", "therapie",
                              "traject", "bekend", "wachtlijst"}) {
    if (folded == w) return true;
  }
  return false;
}

// The organisation named after a referral cue at token j, or npos: an
// acronym of three letters or more that is no generic one (GGD, GGZ), or a
// capitalized word that is no name, place or ordinary word.
size_t ReferredOrganisation(const ScanContext& ctx, size_t j) {
  const auto& tokens = ctx.tokens();
  if (j >= tokens.size() || !ctx.Is(j, TokenType::kWord) || !ctx.HasShape(j, kCap)) return kNone;
  const uint16_t f = ctx.Flags(j);
  if (f & (kNotName | kIdCue | kTitleCue | kRelationCue | kMonth | kFunctionWord | kParticle)) return kNone;
  if (ctx.HasShape(j, kAllCaps)) return tokens[j].end - tokens[j].start >= 3 ? j : kNone;
  if (f & (kFirstName | kSurname | kPlace | kDictWord)) return kNone;
  return j;
}

// "in behandeling bij Lentis", "verwezen naar het UMCG": adds the organisation
// after the referral cue at i, if any, and returns the last token handled.
size_t ReferralAt(ScanContext* ctx, size_t i) {
  const auto& tokens = ctx->tokens();
  size_t j = i + 1;
  // The preposition first: a cheaper test than the cue word for most words.
  if (j >= tokens.size() || !ctx->Is(j, TokenType::kWord) ||
      !(ctx->TokenText(j) == "bij" || ctx->TokenText(j) == "naar" || ctx->TokenText(j) == "in") ||
      !ctx->Is(i, TokenType::kWord) || !ReferralCue(ctx->Folded(i))) {
    return i;
  }
  ++j;
  if (j < tokens.size() && ctx->Is(j, TokenType::kWord) && (ctx->TokenText(j) == "het" || ctx->TokenText(j) == "de")) {
    ++j;
  }
  const size_t o = ReferredOrganisation(*ctx, j);
  if (o == kNone) return i;
  size_t e = o;
  // "Erasmus MC", "Pro Persona": capitalized words that follow.
  while (e + 1 < tokens.size() && (tokens[e + 1].shape & kSpaceBefore) && !(tokens[e + 1].shape & kNewlineBefore) &&
         ctx->Is(e + 1, TokenType::kWord) && ctx->HasShape(e + 1, kCap) &&
         !(ctx->Flags(e + 1) & (kNotName | kPlace)) && e - o < 3) {
    ++e;
  }
  e = WithPlace(*ctx, e);
  ctx->Add(Kind::kInstitution, tokens[o].start, tokens[e].end, 0.6f, kPriorityInstitution);
  return e;
}

}  // namespace

// One-word and abbreviated organisations: named care organisations from the
// built-in list, hospital acronyms, "GGZ Drenthe", and an unknown
// capitalized word after a referral cue.
void DetectNamedOrganisations(ScanContext* ctx) {
  const auto& tokens = ctx->tokens();
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!ctx->Is(i, TokenType::kWord) || !ctx->HasShape(i, kCap)) {
      i = ReferralAt(ctx, i);
      continue;
    }
    const uint16_t f = ctx->Flags(i);
    absl::string_view folded = ctx->Folded(i);
    if (folded == "ggz" && i + 1 < tokens.size() && (tokens[i + 1].shape & kSpaceBefore) &&
        !(tokens[i + 1].shape & kNewlineBefore) && ctx->Is(i + 1, TokenType::kWord) &&
        !(ctx->Flags(i + 1) & kFunctionWord) && !ctx->HasShape(i + 1, kAllCaps) &&
        (ctx->HasShape(i + 1, kCap) || absl::StartsWith(ctx->TokenText(i + 1), "in"))) {
      size_t e = i + 1;  // "GGZ Drenthe", "GGZ Noord-Holland-Noord", "GGZ inGeest"
      while (e + 2 < tokens.size() && ctx->IsPunct(e + 1, '-') && ctx->Adjacent(e + 1) && ctx->Adjacent(e + 2) &&
             ctx->HasShape(e + 2, kCap)) {
        e += 2;
      }
      ctx->Add(Kind::kInstitution, tokens[i].start, tokens[e].end, 0.7f, kPriorityInstitution);
      i = e;
      continue;
    }
    if (MedicalCentreAcronym(*ctx, i)) {
      ctx->Add(Kind::kInstitution, tokens[i].start, tokens[i].end, 0.7f, kPriorityInstitution);
      continue;
    }
    if (ctx->TokenText(i) == "MC" && i > 0 && (tokens[i].shape & kSpaceBefore) && ctx->Is(i - 1, TokenType::kWord) &&
        ctx->HasShape(i - 1, kCap)) {
      ctx->Add(Kind::kInstitution, tokens[i - 1].start, tokens[i].end, 0.7f, kPriorityInstitution);  // "Erasmus MC"
      continue;
    }
    if ((f & kCareOrg) && !((f & kDictWord) && ctx->SentenceStart(i))) {
      size_t e = WithPlace(*ctx, i);
      ctx->Add(Kind::kInstitution, tokens[i].start, tokens[e].end, 0.7f, kPriorityInstitution);
      i = e;
    }
  }
}

void DetectInstitutions(ScanContext* ctx) {
  DetectNamedOrganisations(ctx);
  const auto& tokens = ctx->tokens();
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!IsTrigger(*ctx, i)) continue;
    size_t start = i;
    // Capitalized words before a capitalized trigger: "Stedelijk Lyceum",
    // "Sint Jozefschool".
    bool named_before = false;
    if (ctx->HasShape(i, kCap)) {
      while (start > 0 && !(tokens[start].shape & kNewlineBefore) && (tokens[start].shape & kSpaceBefore) &&
             !ctx->SentenceStart(start) && ctx->Is(start - 1, TokenType::kWord) &&
             ctx->HasShape(start - 1, kCap) && !(ctx->Flags(start - 1) & (kTitleCue | kRelationCue | kNotName))) {
        --start;
        named_before = true;
      }
    }
    // The name after the trigger.
    size_t j = i + 1;
    size_t end_tok = i;
    bool named_after = false;
    while (j < tokens.size() && !(tokens[j].shape & kNewlineBefore)) {
      absl::string_view w = ctx->TokenText(j);
      if (ctx->Is(j, TokenType::kWord) && IsArticle(w) && (tokens[j].shape & kSpaceBefore)) {
        if (j + 1 < tokens.size() && ctx->IsPunct(j + 1, '.')) {  // "Dr."
          j += 2;
          continue;
        }
        ++j;
        continue;
      }
      if (IsNameWord(*ctx, j) && (tokens[j].shape & kSpaceBefore || ctx->IsPunct(j - 1, '-'))) {
        named_after = true;
        end_tok = j;
        ++j;
        // hyphenated: "Zwolle-Zuid"
        while (j + 1 < tokens.size() && ctx->IsPunct(j, '-') && ctx->Adjacent(j) && ctx->Adjacent(j + 1) &&
               IsNameWord(*ctx, j + 1)) {
          end_tok = j + 1;
          j += 2;
        }
        continue;
      }
      break;
    }
    // "Bonifatiuscollege", "Jansgasthuis": a compound that names itself.
    const bool self_named = ctx->HasShape(i, kCap) && !(ctx->Flags(i) & (kInstitution | kDictWord)) &&
                            !ctx->SentenceStart(i);
    if (start == i && i >= 2 && ctx->IsPunct(i - 1, '-') && ctx->Adjacent(i - 1) && ctx->Adjacent(i) &&
        ctx->HasShape(i - 2, kCap)) {
      start = i - 2;  // "Sint-Bonifatiuscollege"
      named_before = true;
    }
    if (!named_after && !named_before && !self_named) continue;
    if (!named_after && !ctx->HasShape(i, kCap)) continue;
    // Generic words after the trigger are not a name: "school Veilig Thuis".
    // "in Zwolle-Zuid", "te Hengelo", ", locatie Camminghaburen".
    size_t k = end_tok + 1;
    if (k + 1 < tokens.size() && ctx->Is(k, TokenType::kWord) &&
        (ctx->TokenText(k) == "in" || ctx->TokenText(k) == "te") && IsNameWord(*ctx, k + 1) &&
        !(tokens[k + 1].shape & kNewlineBefore)) {
      end_tok = k + 1;
      k += 2;
      while (k + 1 < tokens.size() && ctx->IsPunct(k, '-') && ctx->Adjacent(k) && ctx->Adjacent(k + 1) &&
             IsNameWord(*ctx, k + 1)) {
        end_tok = k + 1;
        k += 2;
      }
    } else if (k + 2 < tokens.size() && ctx->IsPunct(k, ',') && ctx->Is(k + 1, TokenType::kWord) &&
               (ctx->Flags(k + 1) & kInstitution) && ctx->HasShape(k + 1, kLowerStart) &&
               IsNameWord(*ctx, k + 2)) {
      end_tok = k + 2;
    }
    // "Het Kristal, praktijkonderwijs Apeldoorn": a name before ", trigger".
    if (start == i && i >= 3 && ctx->IsPunct(i - 1, ',') && ctx->HasShape(i, kLowerStart) &&
        IsNameWord(*ctx, i - 2)) {
      size_t s = i - 2;
      while (s > 0 && (IsNameWord(*ctx, s - 1) || (ctx->Is(s - 1, TokenType::kWord) && IsArticle(ctx->TokenText(s - 1)) &&
                                                  ctx->HasShape(s - 1, kCap))) &&
             !ctx->SentenceStart(s)) {
        --s;
      }
      if (s > 0 && ctx->Is(s, TokenType::kWord) && IsArticle(ctx->TokenText(s))) start = s;
    }
    ctx->Add(Kind::kInstitution, tokens[start].start, tokens[end_tok].end, 0.7f, kPriorityInstitution);
    i = end_tok;
  }
}

}  // namespace kompas::privacy::internal
