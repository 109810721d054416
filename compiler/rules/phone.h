// Phone numbers as WhatsApp wants them: `+`, a country code and digits, optionally spaced,
// and valid for their region by libphonenumber's metadata.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "compiler/syntax/tree.h"

namespace swb::rules {

struct PhoneCheck {
  enum class Problem {
    none,
    empty,
    no_plus,               // does not start with '+'
    bad_character,         // something other than digits and spaces after the '+'
    unknown_country_code,  // no country has this calling code
    too_short,             // shorter than every number of its country
    too_long,              // longer than every number of its country
    invalid_length,        // between the shortest and longest, but no number has this length
    invalid,               // right length, but not in any allocated range
  };
  Problem problem = Problem::none;
  std::size_t bad_offset = 0;  // bad_character: byte offset of the first bad character
  std::string e164;            // "+16145551234" once the number parses
  std::string region;          // "US": the number's region when valid, else its country code's
  int country_code = 0;
  bool ok() const { return problem == Problem::none; }
};

// Checks a number written as in a config ("+1 614 555 1234").
PhoneCheck check_phone(std::string_view text);

// Numbers checked ahead of the rules: lowering hands each parsed chunk of blocks to
// note_channel_phones() on the thread that parsed it, so the regex work of libphonenumber
// (tens of microseconds a number) runs alongside the parse instead of after lowering.
// Thread-safe.
class PhoneBook {
 public:
  // Reads libphonenumber's metadata (about a millisecond; PhoneNumberUtil itself, eight
  // times that, is made only for a number found invalid) on a thread of its own, so that it
  // overlaps the parse. Until it is done, note_channel_phones() skips numbers rather than
  // hold up the parse; the rules check those.
  void start_library();
  // Checks the phone of every `channel` block written as a plain string literal. A phone
  // built from vars is not known before lowering; the rules check those themselves.
  void note_channel_phones(const syntax::File& parsed);
  // Says no more numbers will be noted (the parse is over): find() may be called from then
  // on, from any number of threads, without taking the lock the parsing threads shared.
  void finish() { finished_ = true; }
  // The check of `number`, if it was noted; only once finish() was called.
  const PhoneCheck* find(std::string_view number) const;

 private:
  std::mutex mu_;  // taken by the parsing threads as they note numbers
  // Looked up by string_view, without a std::string per look-up.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, PhoneCheck, Hash, std::equal_to<>> checked_;
  std::atomic<bool> loading_{false};
  bool finished_ = false;
  std::jthread loader_;  // last: joined before the rest goes
};

// The number with `(`, `)`, `-`, `.` and `/` turned into single spaces ("+1 (614) 555-1234"
// -> "+1 614 555 1234"), or "" when that still is not a valid number: a suggestion for help.
std::string respaced_phone(std::string_view text);

}  // namespace swb::rules
