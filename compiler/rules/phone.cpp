// Phone number checks on top of libphonenumber: the house syntax first (so that national
// formats and punctuation get a precise message), then the library's validity metadata.
#include "compiler/rules/phone.h"

#include <phonenumbers/phonenumberutil.h>

#include <cassert>

#include "compiler/rules/phone_parse.h"

namespace swb::rules {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

PhoneCheck check_phone(std::string_view text) {
  PhoneCheck out;
  if (text.empty()) {
    out.problem = PhoneCheck::Problem::empty;
    return out;
  }
  if (text.front() != '+') {
    out.problem = PhoneCheck::Problem::no_plus;
    return out;
  }
  // The country code follows the '+' directly; then digits, optionally separated by spaces.
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c) || (c == ' ' && i > 1)) continue;
    out.problem = PhoneCheck::Problem::bad_character;
    out.bad_offset = i;
    return out;
  }
  if (text.size() == 1) {
    out.problem = PhoneCheck::Problem::too_short;
    return out;
  }

  PhoneNumber number;
  switch (parse_international(text, &number)) {
    case PhoneNumberUtil::NO_PARSING_ERROR:
      break;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      out.problem = PhoneCheck::Problem::unknown_country_code;
      return out;
    case PhoneNumberUtil::TOO_LONG_NSN:
      out.problem = PhoneCheck::Problem::too_long;
      return out;
    default:  // NOT_A_NUMBER, TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD: too few digits to be one
      out.problem = PhoneCheck::Problem::too_short;
      return out;
  }
  out.country_code = number.country_code();
  out.e164 = e164(number);
  // What IsValidNumber does, without finding the region a second time for the caller.
  RegionCheck found = region_and_validity(number);
  out.region = std::move(found.region);
  if (found.valid) return out;
  // Why it is not valid, from the library itself (made the first time a number is invalid).
  out.region = region_for_calling_code(out.country_code);
  switch (PhoneNumberUtil::GetInstance()->IsPossibleNumberWithReason(number)) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
      out.problem = PhoneCheck::Problem::unknown_country_code;
      break;
    case PhoneNumberUtil::TOO_SHORT:
      out.problem = PhoneCheck::Problem::too_short;
      break;
    case PhoneNumberUtil::TOO_LONG:
      out.problem = PhoneCheck::Problem::too_long;
      break;
    case PhoneNumberUtil::INVALID_LENGTH:
      out.problem = PhoneCheck::Problem::invalid_length;
      break;
    default:
      out.problem = PhoneCheck::Problem::invalid;
      break;
  }
  return out;
}

void PhoneBook::start_library() {
  loading_ = true;
  loader_ = std::jthread([this] {
    load_parse_metadata();
    loading_ = false;
  });
}

void PhoneBook::note_channel_phones(const syntax::File& parsed) {
  assert(!finished_);
  if (loading_) return;
  for (const syntax::Block& block : parsed.blocks) {
    if (block.kind.text != "channel") continue;
    for (const syntax::Attribute& a : block.attributes) {
      if (a.name.text != "phone" || a.value.kind != syntax::ExprKind::String ||
          !a.value.parts.empty())
        continue;
      {
        std::lock_guard lock(mu_);
        if (checked_.count(a.value.text)) continue;
      }
      PhoneCheck check = check_phone(a.value.text);
      std::lock_guard lock(mu_);
      checked_.emplace(a.value.text, std::move(check));
    }
  }
}

const PhoneCheck* PhoneBook::find(std::string_view number) const {
  assert(finished_);
  const auto it = checked_.find(number);
  return it == checked_.end() ? nullptr : &it->second;
}

std::string respaced_phone(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '(' || c == ')' || c == '-' || c == '.' || c == '/' || c == '\t') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space && out != "+") out += ' ';
    pending_space = false;
    out += c;
  }
  if (out == text || !check_phone(out).ok()) return "";
  return out;
}

}  // namespace swb::rules
