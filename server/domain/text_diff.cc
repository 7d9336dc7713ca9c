#include "domain/text_diff.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace kompas::domain {
namespace {

using Op = v1::DiffSegment::Op;

// One token of the edit script and what happened to it.
struct Edit {
  Op op;
  absl::string_view token;
};

// Runs of whitespace and runs of everything else. Only ASCII whitespace
// separates, and those bytes are never part of a multi-byte UTF-8 sequence.
std::vector<absl::string_view> Tokenize(absl::string_view text) {
  std::vector<absl::string_view> tokens;
  size_t start = 0;
  while (start < text.size()) {
    const bool space = absl::ascii_isspace(static_cast<unsigned char>(text[start]));
    size_t end = start + 1;
    while (end < text.size() &&
           absl::ascii_isspace(static_cast<unsigned char>(text[end])) == space) {
      ++end;
    }
    tokens.push_back(text.substr(start, end - start));
    start = end;
  }
  return tokens;
}

bool IsSpace(absl::string_view token) {
  return !token.empty() && absl::ascii_isspace(static_cast<unsigned char>(token[0]));
}

// Numbers the distinct tokens of both texts, so the diff compares ints.
std::pair<std::vector<int>, std::vector<int>> Intern(const std::vector<absl::string_view>& a,
                                                     const std::vector<absl::string_view>& b) {
  std::unordered_map<std::string_view, int> ids;
  auto number = [&ids](const std::vector<absl::string_view>& tokens) {
    std::vector<int> out;
    out.reserve(tokens.size());
    for (absl::string_view t : tokens) {
      const int next_id = static_cast<int>(ids.size());
      out.push_back(ids.emplace(std::string_view(t.data(), t.size()), next_id).first->second);
    }
    return out;
  };
  std::vector<int> first = number(a);
  return {std::move(first), number(b)};
}

// Myers' greedy shortest edit script ("An O(ND) Difference Algorithm and Its
// Variations", 1986) of a → b, one Edit per token; deletions come before
// insertions where the two are interchangeable. `trace[d][k + d]` keeps the
// furthest x reached on diagonal k = x - y after d edits, for the walk back.
// nullopt once the trace would exceed kMaxDiffCells.
std::optional<std::vector<Edit>> ShortestEditScript(const std::vector<absl::string_view>& a,
                                                    const std::vector<absl::string_view>& b) {
  const auto [ia, ib] = Intern(a, b);
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  std::vector<std::vector<int>> trace;
  size_t cells = 0;
  auto furthest = [&trace](int d, int k) { return trace[d][k + d]; };
  // Whether the d-th edit, ending on diagonal k, moved down (an insertion)
  // rather than right (a deletion): from whichever neighbouring diagonal got
  // further in round d - 1.
  auto moved_down = [&furthest](int d, int k) {
    return k == -d || (k != d && furthest(d - 1, k - 1) < furthest(d - 1, k + 1));
  };
  int final_d = -1;
  for (int d = 0; d <= n + m && final_d < 0; ++d) {
    cells += 2 * static_cast<size_t>(d) + 1;
    if (cells > kMaxDiffCells) return std::nullopt;
    std::vector<int> v(2 * d + 1, 0);
    for (int k = -d; k <= d; k += 2) {
      int x = 0;
      if (d > 0) x = moved_down(d, k) ? furthest(d - 1, k + 1) : furthest(d - 1, k - 1) + 1;
      int y = x - k;
      while (x < n && y < m && ia[x] == ib[y]) {
        ++x;
        ++y;
      }
      v[k + d] = x;
      if (x >= n && y >= m) {
        final_d = d;
        break;
      }
    }
    trace.push_back(std::move(v));
  }

  // Walk back from (n, m): each round is one edit preceded by a snake of
  // equal tokens.
  std::vector<Edit> script;
  int x = n;
  int y = m;
  for (int d = final_d; d > 0; --d) {
    const int k = x - y;
    const bool down = moved_down(d, k);
    const int prev_k = down ? k + 1 : k - 1;
    const int prev_x = furthest(d - 1, prev_k);
    const int prev_y = prev_x - prev_k;
    const int snake_x = down ? prev_x : prev_x + 1;
    for (; x > snake_x; --x, --y) script.push_back({v1::DiffSegment::OP_EQUAL, a[x - 1]});
    script.push_back(down ? Edit{v1::DiffSegment::OP_INSERT, b[prev_y]}
                          : Edit{v1::DiffSegment::OP_DELETE, a[prev_x]});
    x = prev_x;
    y = prev_y;
  }
  for (; x > 0; --x) script.push_back({v1::DiffSegment::OP_EQUAL, a[x - 1]});
  std::reverse(script.begin(), script.end());
  return script;
}

// A stretch of the diff: equal tokens, or a change (tokens only in the old
// text and tokens only in the new text, either list may be empty).
struct Run {
  bool equal = false;
  std::vector<absl::string_view> same;     // when equal
  std::vector<absl::string_view> deleted;  // when a change
  std::vector<absl::string_view> inserted;
};

std::vector<Run> ToRuns(const std::vector<Edit>& script) {
  std::vector<Run> runs;
  for (const Edit& e : script) {
    const bool equal = e.op == v1::DiffSegment::OP_EQUAL;
    if (runs.empty() || runs.back().equal != equal) runs.push_back(Run{.equal = equal});
    Run& run = runs.back();
    (equal ? run.same : e.op == v1::DiffSegment::OP_DELETE ? run.deleted : run.inserted)
        .push_back(e.token);
  }
  return runs;
}

// A pure insertion or deletion that starts with whitespace and is followed
// by that same whitespace can equally start one token later: "Deel{+ geen+}
// e-mails" becomes "Deel {+geen +}e-mails", which starts the change at its
// first word.
void StartChangesAtWords(std::vector<Run>& runs) {
  // Give a leading change an equal run to hand its whitespace to; an empty
  // one is dropped when the segments are made.
  if (!runs.empty() && !runs.front().equal) runs.insert(runs.begin(), Run{.equal = true});
  for (size_t i = 1; i + 1 < runs.size(); ++i) {
    Run& change = runs[i];
    Run& next = runs[i + 1];
    // `next` keeps at least its first word, so the runs still alternate.
    if (change.equal || !next.equal || next.same.size() < 2) continue;
    if (!change.deleted.empty() && !change.inserted.empty()) continue;
    std::vector<absl::string_view>& tokens =
        change.deleted.empty() ? change.inserted : change.deleted;
    if (!IsSpace(tokens.front()) || tokens.front() != next.same.front()) continue;
    runs[i - 1].same.push_back(tokens.front());
    tokens.erase(tokens.begin());
    tokens.push_back(next.same.front());
    next.same.erase(next.same.begin());
  }
}

bool IsReplacement(const Run& run) {
  return !run.equal && !run.deleted.empty() && !run.inserted.empty();
}

// A whitespace-only equal run between two replacements joins them, so the
// readable form shows "[-grote rode-]{+kleine blauwe+}" rather than
// "[-grote-]{+kleine+} [-rode-]{+blauwe+}". Next to a pure insertion or
// deletion the space stays equal: folding it would show it deleted and
// inserted again.
std::vector<Run> FoldSpaceBetweenReplacements(std::vector<Run> runs) {
  std::vector<Run> out;
  for (size_t i = 0; i < runs.size(); ++i) {
    Run& run = runs[i];
    const bool fold = run.equal && run.same.size() == 1 && IsSpace(run.same[0]) &&
                      !out.empty() && IsReplacement(out.back()) && i + 1 < runs.size() &&
                      IsReplacement(runs[i + 1]);
    if (fold) {
      Run& joined = out.back();
      const Run& next = runs[++i];
      joined.deleted.push_back(run.same[0]);
      joined.deleted.insert(joined.deleted.end(), next.deleted.begin(), next.deleted.end());
      joined.inserted.push_back(run.same[0]);
      joined.inserted.insert(joined.inserted.end(), next.inserted.begin(), next.inserted.end());
    } else {
      out.push_back(std::move(run));
    }
  }
  return out;
}

v1::DiffSegment Segment(Op op, const std::vector<absl::string_view>& tokens) {
  v1::DiffSegment segment;
  segment.set_op(op);
  segment.set_text(absl::StrJoin(tokens, ""));
  return segment;
}

// An enum value by its name, or by its number when this build does not know
// it (a value from a newer schema).
std::string NameOr(const std::string& name, int value) {
  return name.empty() ? absl::StrCat(value) : name;
}

std::string KindText(const v1::StandardContent& c) {
  return NameOr(v1::StandardKind_Name(c.kind()), c.kind());
}

std::string ModalityText(const v1::StandardContent& c) {
  return NameOr(v1::Modality_Name(c.modality()), c.modality());
}

std::string AudiencesText(const v1::StandardContent& c) {
  std::vector<std::string> names;
  for (int a : c.audiences()) names.push_back(NameOr(v1::Audience_Name(a), a));
  return absl::StrJoin(names, ", ");
}

}  // namespace

std::vector<v1::DiffSegment> DiffWords(absl::string_view before, absl::string_view after) {
  const std::vector<absl::string_view> a = Tokenize(before);
  const std::vector<absl::string_view> b = Tokenize(after);

  // The common prefix and suffix are equal by definition; only the middle
  // needs the (quadratic at worst) edit script.
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const std::vector<absl::string_view> mid_a(a.begin() + prefix, a.end() - suffix);
  const std::vector<absl::string_view> mid_b(b.begin() + prefix, b.end() - suffix);

  std::vector<Edit> script;
  for (size_t i = 0; i < prefix; ++i) script.push_back({v1::DiffSegment::OP_EQUAL, a[i]});
  if (std::optional<std::vector<Edit>> middle = ShortestEditScript(mid_a, mid_b)) {
    script.insert(script.end(), middle->begin(), middle->end());
  } else {
    for (absl::string_view t : mid_a) script.push_back({v1::DiffSegment::OP_DELETE, t});
    for (absl::string_view t : mid_b) script.push_back({v1::DiffSegment::OP_INSERT, t});
  }
  for (size_t i = a.size() - suffix; i < a.size(); ++i) {
    script.push_back({v1::DiffSegment::OP_EQUAL, a[i]});
  }

  std::vector<Run> runs = ToRuns(script);
  StartChangesAtWords(runs);
  runs = FoldSpaceBetweenReplacements(std::move(runs));

  std::vector<v1::DiffSegment> segments;
  for (const Run& run : runs) {
    if (run.equal) {
      if (!run.same.empty()) segments.push_back(Segment(v1::DiffSegment::OP_EQUAL, run.same));
      continue;
    }
    if (!run.deleted.empty()) segments.push_back(Segment(v1::DiffSegment::OP_DELETE, run.deleted));
    if (!run.inserted.empty()) {
      segments.push_back(Segment(v1::DiffSegment::OP_INSERT, run.inserted));
    }
  }
  return segments;
}

std::string ReadableDiff(const std::vector<v1::DiffSegment>& segments) {
  std::string out;
  for (const v1::DiffSegment& s : segments) {
    switch (s.op()) {
      case v1::DiffSegment::OP_DELETE:
        absl::StrAppend(&out, "[-", s.text(), "-]");
        break;
      case v1::DiffSegment::OP_INSERT:
        absl::StrAppend(&out, "{+", s.text(), "+}");
        break;
      default:
        absl::StrAppend(&out, s.text());
        break;
    }
  }
  return out;
}

std::vector<v1::FieldDiff> DiffContent(const v1::StandardContent& before,
                                       const v1::StandardContent& after) {
  // Every field of StandardContent, in field-number order, as text.
  const std::pair<const char*, std::pair<std::string, std::string>> fields[] = {
      {"title", {before.title(), after.title()}},
      {"kind", {KindText(before), KindText(after)}},
      {"modality", {ModalityText(before), ModalityText(after)}},
      {"statement", {before.statement(), after.statement()}},
      {"rationale", {before.rationale(), after.rationale()}},
      {"laws", {absl::StrJoin(before.laws(), ", "), absl::StrJoin(after.laws(), ", ")}},
      {"themes", {absl::StrJoin(before.themes(), ", "), absl::StrJoin(after.themes(), ", ")}},
      {"audiences", {AudiencesText(before), AudiencesText(after)}},
  };
  std::vector<v1::FieldDiff> diffs;
  for (const auto& [field, texts] : fields) {
    if (texts.first == texts.second) continue;
    v1::FieldDiff diff;
    diff.set_field(field);
    std::vector<v1::DiffSegment> segments = DiffWords(texts.first, texts.second);
    diff.set_readable(ReadableDiff(segments));
    for (v1::DiffSegment& s : segments) *diff.add_segments() = std::move(s);
    diffs.push_back(std::move(diff));
  }
  return diffs;
}

}  // namespace kompas::domain
