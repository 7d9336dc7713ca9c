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

constexpr absl::string_view kCompoundSuffixes[] = {"school", "college", "lyceum", "praktijk",
                                                    "centrum", "poli", "kliniek"};

bool IsTrigger(const ScanContext& ctx, size_t i) {
  if (!ctx.Is(i, TokenType::kWord)) return false;
  if (ctx.Flags(i) & kInstitution) return true;
  if (!ctx.HasShape(i, kCap)) return false;
  absl::string_view f = ctx.Folded(i);
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

}  // namespace

void DetectInstitutions(ScanContext* ctx) {
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
    if (!named_after && !named_before) continue;
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
