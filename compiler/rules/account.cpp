// Rules of the account area (SWB2xx): the WhatsApp Business account, its profile and logo,
// and the channels' phone numbers.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "compiler/base/paths.h"
#include "compiler/rules/areas.h"
#include "compiler/rules/common.h"
#include "compiler/rules/limits.h"
#include "compiler/rules/logo.h"
#include "compiler/rules/phone.h"

namespace swb::rules {
namespace {

namespace fs = std::filesystem;

using Problem = PhoneCheck::Problem;

constexpr std::string_view kPhoneExample = "\"+1 614 555 1234\"";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// ---- phone numbers ----------------------------------------------------------------------

// "US (+1)", or "country code +800" for numbers that belong to no region.
std::string region_label(const PhoneCheck& p) {
  if (p.region.empty() || p.region == "ZZ" || p.region == "001")
    return fmt::format("country code +{}", p.country_code);
  return fmt::format("{} (+{})", p.region, p.country_code);
}

// The number as written and, when it parsed, its E.164 form if that reads differently.
std::string shown_phone(std::string_view written, const PhoneCheck& p) {
  if (p.e164.empty() || p.e164 == written) return fmt::format("'{}'", written);
  return fmt::format("'{}' ({})", written, p.e164);
}

// The UTF-8 sequence starting at `at`, for naming a bad character.
std::string_view code_point_at(std::string_view s, std::size_t at) {
  std::size_t n = 1;
  while (at + n < s.size() && (static_cast<unsigned char>(s[at + n]) & 0xc0) == 0x80) ++n;
  return s.substr(at, n);
}

void check_channel_phone(const ir::Config& config, const RuleContext& context, Diagnostics& diags) {
  for (const auto& channel : config.channels) {
    if (!present(channel.phone)) continue;
    std::string_view text = channel.phone.value;
    const PhoneCheck p = channel_phone(config, context, channel);
    const Span at = channel.phone.span;
    switch (p.problem) {
      case Problem::none:
        break;
      case Problem::empty:
        diags
            .report(DiagCode::SWB201, at,
                    fmt::format("channel {} has an empty phone number", channel.name.text))
            .help(fmt::format("write the number in international format, e.g. {}", kPhoneExample));
        break;
      case Problem::no_plus: {
        auto d = diags.report(
            DiagCode::SWB201, at,
            fmt::format("phone '{}' does not start with '+' and a country code", text));
        std::string plus;
        if (text.starts_with("00")) {  // the international call prefix written for '+'
          plus = "+" + std::string(text.substr(2));
          if (!check_phone(plus).ok()) plus = respaced_phone(plus);
        }
        if (!plus.empty())
          d.help(fmt::format("write \"{}\": '+' replaces the international prefix 00", plus));
        else
          d.help(fmt::format("write '+', the country code and the number, e.g. {}", kPhoneExample));
        break;
      }
      case Problem::bad_character: {
        const std::string_view bad = code_point_at(text, p.bad_offset);
        auto d = diags.report(
            DiagCode::SWB201, at,
            bad == " "
                ? fmt::format("phone '{}' has a space between '+' and the country code", text)
                : fmt::format("phone '{}' contains '{}': only digits and spaces may follow "
                              "the '+'",
                              text, bad));
        if (const std::string fixed = respaced_phone(text); !fixed.empty())
          d.help(fmt::format("write \"{}\"", fixed));
        else
          d.help(
              fmt::format("write '+', the country code and the digits, optionally spaced, "
                          "e.g. {}",
                          kPhoneExample));
        break;
      }
      case Problem::unknown_country_code:
        diags
            .report(
                DiagCode::SWB201, at,
                fmt::format("phone '{}' does not start with a known country calling code", text))
            .help(
                fmt::format("write the country code right after the '+', e.g. {}", kPhoneExample));
        break;
      case Problem::too_short:
      case Problem::too_long:
      case Problem::invalid_length:
      case Problem::invalid: {
        std::string what;
        if (p.e164.empty()) {
          what = p.problem == Problem::too_long ? "has too many digits to be a phone number"
                                                : "has too few digits to be a phone number";
        } else if (p.problem == Problem::too_short) {
          what = fmt::format("is too short for a number of {}", region_label(p));
        } else if (p.problem == Problem::too_long) {
          what = fmt::format("is too long for a number of {}", region_label(p));
        } else if (p.problem == Problem::invalid_length) {
          what = fmt::format("has a length that no number of {} has", region_label(p));
        } else {
          what = fmt::format("is not a valid number of {}: no allocated number range includes it",
                             region_label(p));
        }
        diags.report(DiagCode::SWB201, at, fmt::format("phone {} {}", shown_phone(text, p), what))
            .help(
                "check the digits: write the channel's full number in international format, "
                "with its country code");
        break;
      }
    }
  }
}

// Channels in config order, so that duplicates are reported at the later one.
std::vector<const ir::Channel*> channels_in_config_order(const ir::Config& config) {
  std::vector<const ir::Channel*> out;
  for (const auto& c : config.channels) out.push_back(&c);
  std::stable_sort(out.begin(), out.end(), [](const ir::Channel* a, const ir::Channel* b) {
    return before_in_config(a->span, b->span);
  });
  return out;
}

void check_duplicate_phones(const ir::Config& config, const RuleContext& context,
                            Diagnostics& diags) {
  std::unordered_map<std::string, const ir::Channel*> first_with;  // E.164 -> first channel
  first_with.reserve(config.channels.size());
  for (const ir::Channel* channel : channels_in_config_order(config)) {
    if (!present(channel->phone)) continue;
    const PhoneCheck p = channel_phone(config, context, *channel);
    if (!p.ok()) continue;  // SWB201
    const auto [it, inserted] = first_with.emplace(p.e164, channel);
    if (inserted) continue;
    const ir::Channel& first = *it->second;
    diags
        .report(
            DiagCode::SWB202, channel->phone.span,
            fmt::format("phone {} of channel {} is already the number of channel {}",
                        shown_phone(channel->phone.value, p), channel->name.text, first.name.text))
        .note(first.phone.span, fmt::format("channel {} uses {} here", first.name.text, p.e164))
        .help(
            "each channel is its own WhatsApp number: give this channel its number, or remove "
            "the duplicate channel");
  }
}

void check_phone_region(const ir::Config& config, const RuleContext& context, Diagnostics& diags) {
  for (const auto& channel : config.channels) {
    if (!present(channel.phone)) continue;
    const ir::Business* business = target(config, channel.business.value);
    if (!business || !business->country || !present(*business->country)) continue;
    const std::string country = upper(business->country->value);
    if (country.size() != 2 ||
        !std::all_of(country.begin(), country.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
      continue;  // not an ISO 3166-1 alpha-2 code: nothing to compare with
    const PhoneCheck p = channel_phone(config, context, channel);
    if (!p.ok() || p.region.empty() || p.region == "ZZ" || p.region == "001") continue;
    if (p.region == country) continue;
    diags
        .report(DiagCode::SWB215, channel.phone.span,
                fmt::format("phone {} of channel {} is a number of {}, but business {} is in {}",
                            shown_phone(channel.phone.value, p), channel.name.text, p.region,
                            business->name.text, country))
        .note(business->country->span,
              fmt::format("business {}'s country is set here", business->name.text))
        .help(
            "if the number is right, this is fine (silence it with -W SWB215=off); otherwise "
            "correct the number or the business country");
  }
}

// ---- the business account -------------------------------------------------------------

void check_business_approved(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& channel : config.channels) {
    if (!present(channel.business)) continue;
    const ir::Business* business = target(config, channel.business.value);
    if (!business || !present(business->status)) continue;
    if (business->status.value == ir::BusinessStatus::approved) continue;
    const std::string_view status = ir::enum_name(business->status.value);
    diags
        .report(DiagCode::SWB203, channel.business.span,
                fmt::format("channel {} uses business {}, whose account is {}, not approved",
                            channel.name.text, business->name.text, status))
        .note(business->status.span,
              fmt::format("business {} has status = {} here", business->name.text, status))
        .help(
            "a WhatsApp channel can be created only once Meta has approved the business "
            "account: set status = approved when it is, and leave the channel out until then");
  }
}

void check_business_manager_id(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& business : config.businesses) {
    const auto& id = business.facebook_business_manager_id;
    if (!present(id)) continue;
    std::string_view text = id.value;
    const bool digits = !text.empty() && std::all_of(text.begin(), text.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
    const bool length_ok = text.size() >= limits::kBusinessManagerIdMin &&
                           text.size() <= limits::kBusinessManagerIdMax;
    if (digits && length_ok) continue;
    std::string message;
    if (text.empty()) {
      message = "facebook_business_manager_id is empty";
    } else if (!digits) {
      message = fmt::format("facebook_business_manager_id '{}' is not all digits", text);
    } else {
      message =
          fmt::format("facebook_business_manager_id '{}' has {} digits; an id has {} to {}", text,
                      text.size(), limits::kBusinessManagerIdMin, limits::kBusinessManagerIdMax);
    }
    diags.report(DiagCode::SWB204, id.span, message)
        .help(
            "copy the numeric id from Business Manager's Business settings, e.g. "
            "\"104857600123456\"");
  }
}

// ---- the logo -----------------------------------------------------------------------------

void check_logo_url_format(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& business : config.businesses) {
    if (!business.logo || !present(business.logo->url)) continue;
    const auto& url = business.logo->url;
    const std::string path = lower(split_url(url.value).path);
    if (ends_with(path, ".png") || ends_with(path, ".jpg") || ends_with(path, ".jpeg")) continue;
    diags
        .report(DiagCode::SWB205, url.span,
                fmt::format("logo URL '{}' does not end in .png, .jpg or .jpeg", url.value))
        .help(
            "WhatsApp takes a PNG or JPEG logo: host the image as .png or .jpg and point url "
            "at it");
  }
}

void check_logo_url_public(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& business : config.businesses) {
    if (!business.logo || !present(business.logo->url)) continue;
    const auto& url = business.logo->url;
    const UrlParts parts = split_url(url.value);
    std::vector<std::string> why;
    if (parts.scheme.empty()) {
      why.push_back("is not an absolute https:// URL");
    } else if (parts.scheme != "https") {
      why.push_back(fmt::format("uses {}, not https", parts.scheme));
    }
    if (!parts.scheme.empty() && parts.host.empty()) {
      why.push_back("has no host");
    } else if (auto host = non_public_host(parts)) {
      why.push_back(fmt::format("names {}, {}",
                                parts.ip6_literal ? "[" + parts.host + "]" : "'" + parts.host + "'",
                                *host));
    }
    if (why.empty()) continue;
    std::string message = fmt::format("logo URL '{}' ", url.value);
    for (std::size_t i = 0; i < why.size(); ++i) {
      if (i > 0) message += ", and ";
      message += why[i];
    }
    diags.report(DiagCode::SWB209, url.span, message)
        .help(
            "Meta downloads the logo from the internet: host it on a public HTTPS server or "
            "CDN, e.g. \"https://cdn.example.com/logo.png\"");
  }
}

// A human size: "7.4 MB (7400000 bytes)".
std::string shown_size(std::uint64_t bytes) {
  return fmt::format("{:.1f} MB ({} bytes)", static_cast<double>(bytes) / 1e6, bytes);
}

void check_logo_file(const ir::Config& config, const RuleContext& context, Diagnostics& diags) {
  for (const auto& business : config.businesses) {
    if (!business.logo || !business.logo->file || !present(*business.logo->file)) continue;
    const auto& file = *business.logo->file;
    if (file.value.empty()) {
      diags.report(DiagCode::SWB205, file.span, "logo file is empty")
          .help("name the local copy of the logo, relative to this file, or leave `file` out");
      continue;
    }
    // Relative to the directory of the .swb file that declares it.
    const fs::path declared_in(context.sources.file(file.span.file).path());
    const fs::path path = declared_in.parent_path() / fs::path(file.value.view());
    // Like an import, a logo must not reach outside the config: a pull request could
    // otherwise probe which files exist on the machine that checks it, and their sizes.
    std::error_code ec;
    if (!context.root.empty() &&
        !is_inside(fs::weakly_canonical(fs::absolute(path), ec), context.root)) {
      diags
          .report(DiagCode::SWB205, file.span,
                  fmt::format("logo file '{}' is outside the config's root directory", file.value))
          .help(
              "keep the local copy of the logo inside the config's directory, relative to the "
              "file that declares it");
      continue;
    }
    const ImageInfo info = inspect_image(path);
    if (!info.readable) {
      diags
          .report(DiagCode::SWB205, file.span,
                  fmt::format("cannot read logo file '{}'{}: {}", file.value,
                              path.generic_string() == file.value
                                  ? std::string()
                                  : fmt::format(" ({})", path.generic_string()),
                              info.error))
          .help("the path is relative to the directory of the file that declares the logo");
      continue;
    }
    if (info.bytes > limits::kLogoMaxBytes) {
      diags
          .report(DiagCode::SWB206, file.span,
                  fmt::format("logo file '{}' is {}; the limit is {}", file.value,
                              shown_size(info.bytes), shown_size(limits::kLogoMaxBytes)))
          .help(
              fmt::format("export it at {0} x {0} px or compress it", limits::kLogoRecommendedPx));
    }
    if (!info.png_or_jpeg) {
      const std::string what = info.format == "text"      ? "a text file"
                               : info.format == "empty"   ? "an empty file"
                               : info.format == "unknown" ? "neither a PNG nor a JPEG image"
                                                          : fmt::format("a {} image", info.format);
      diags
          .report(DiagCode::SWB205, file.span,
                  fmt::format("logo file '{}' is {}, not PNG or JPEG (judged by its content)",
                              file.value, what))
          .help("convert the logo to PNG or JPEG, and host the same image at logo.url");
      continue;
    }
    if (!info.dimensions_known) {
      // stb_image says "unknown image type" when the header ends early: a truncated file.
      const std::string why = info.decode_error == "unknown image type"
                                  ? "it is truncated or corrupt"
                                  : info.decode_error;
      diags
          .report(DiagCode::SWB205, file.span,
                  fmt::format("logo file '{}' starts like a {} image but its header cannot be "
                              "read: {}",
                              file.value, info.format, why))
          .help("re-export the image as PNG or JPEG");
      continue;
    }
    const std::string dims = fmt::format("{} x {} px", info.width, info.height);
    if (info.width != info.height) {
      diags
          .report(DiagCode::SWB207, file.span,
                  fmt::format("logo file '{}' is {}, not square", file.value, dims))
          .help(fmt::format("pad or crop it to equal sides; {0} x {0} px is recommended",
                            limits::kLogoRecommendedPx));
      continue;  // SWB208 is about square logos of another size
    }
    if (info.width != limits::kLogoRecommendedPx) {
      diags
          .report(DiagCode::SWB208, file.span,
                  fmt::format("logo file '{0}' is {1}, not the recommended {2} x {2} px",
                              file.value, dims, limits::kLogoRecommendedPx))
          .help(fmt::format("export the logo at {0} x {0} px", limits::kLogoRecommendedPx));
    }
    if (info.width < limits::kLogoMinimumPx) {
      // Below the documented minimum: a second SWB208, of note severity, says so. It follows
      // -W SWB208 like the warning does.
      Diagnostic d{
          DiagCode::SWB208,
          Severity::Note,
          file.span,
          fmt::format("logo file '{0}' is {1}, smaller than the {2} x {2} px minimum documented "
                      "by WhatsApp solution providers",
                      file.value, dims, limits::kLogoMinimumPx),
          {},
          fmt::format("a logo this small may be refused or shown blurred; use {0} x {0} px",
                      limits::kLogoRecommendedPx)};
      diags.add(std::move(d));
    }
  }
}

// ---- time zones -----------------------------------------------------------------------

constexpr std::string_view kZoneInfo = "/usr/share/zoneinfo";

// A name that could be a zone of the tz database: relative, components of letters, digits,
// '_', '-' and '+', and none of tzdata's helper files.
bool plausible_zone_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/') return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto slash = name.find('/', start);
    const std::string_view part = name.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    for (char c : part) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '+')
        return false;
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  const std::string_view first = name.substr(0, name.find('/'));
  if (first == "posix" || first == "right") return false;
  return name != "posixrules" && name != "localtime" && name != "Factory";
}

// A regular file of the system tz database in the TZif format.
bool is_tzif(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  std::array<char, 4> magic{};
  in.read(magic.data(), magic.size());
  return in.gcount() == 4 && std::string_view(magic.data(), 4) == "TZif";
}

bool known_zone(std::string_view name) {
  return plausible_zone_name(name) && is_tzif(fs::path(kZoneInfo) / fs::path(name));
}

// Every zone name of the system database, read once and only when a suggestion is needed.
const std::vector<std::string>& all_zone_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    std::error_code ec;
    const fs::path root(kZoneInfo);
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().lexically_relative(root).generic_string();
      if (it->is_directory(ec)) {
        if (name == "posix" || name == "right") it.disable_recursion_pending();
        continue;
      }
      if (plausible_zone_name(name) && is_tzif(it->path())) out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
  }();
  return names;
}

constexpr std::string_view kZoneHelp =
    "write an IANA zone name such as 'America/New_York' or 'Europe/Lisbon' (the names under "
    "/usr/share/zoneinfo)";

std::string timezone_help(std::string_view written) {
  // No zone name comes near this long; such a value is not worth a suggestion's work.
  if (written.size() > 255) return std::string(kZoneHelp);
  // A path into the database, or one of its alternative trees: the zone is the rest.
  for (std::string_view prefix : {"/usr/share/zoneinfo/", "posix/", "right/"}) {
    if (written.starts_with(prefix) && known_zone(written.substr(prefix.size())))
      return fmt::format("did you mean '{}'?", written.substr(prefix.size()));
  }
  std::string name(written);
  std::replace(name.begin(), name.end(), ' ', '_');
  std::error_code ec;
  if (!name.empty() && plausible_zone_name(name) &&
      fs::is_directory(fs::path(kZoneInfo) / fs::path(name), ec)) {
    return fmt::format(
        "'{}' is an area of the tz database, not a zone: write '{}/CITY', e.g. "
        "'America/New_York'",
        name, name);
  }
  const auto& zones = all_zone_names();
  if (auto m = closest_match(name, zones)) return fmt::format("did you mean '{}'?", *m);
  // A city alone ("Sao Paulo"): the zone whose last component it is.
  if (!name.empty() && name.find('/') == std::string::npos) {
    const std::string city = lower(name);
    for (const auto& z : zones) {
      const auto slash = z.rfind('/');
      if (slash != std::string::npos && z.size() - slash - 1 == city.size() &&
          lower(z.substr(slash + 1)) == city)
        return fmt::format("did you mean '{}'?", z);
    }
  }
  const bool has_digit = std::any_of(
      name.begin(), name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (has_digit && name.find('/') == std::string::npos &&
      name.find_first_of("+-") != std::string::npos) {
    return "an offset is not a zone: write the zone of the office, e.g. 'America/Sao_Paulo' "
           "(or 'Etc/GMT+3' for a fixed UTC-3: the Etc signs are inverted)";
  }
  if (name.size() >= 2 && name.size() <= 5 &&
      std::all_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return fmt::format(
        "'{}' looks like an abbreviation, and abbreviations are ambiguous: write "
        "the zone of the office, e.g. 'America/Sao_Paulo' or 'America/New_York'",
        name);
  }
  return std::string(kZoneHelp);
}

void check_timezone(const ir::Located<ir::Text>& tz, std::string_view owner, Diagnostics& diags) {
  if (!present(tz) || known_zone(tz.value)) return;
  diags
      .report(DiagCode::SWB210, tz.span,
              tz.value.empty() ? fmt::format("{} has an empty timezone", owner)
                               : fmt::format("timezone '{}' of {} is not a zone of the tz database",
                                             tz.value, owner))
      .help(timezone_help(tz.value));
}

void check_business_timezone(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& business : config.businesses)
    check_timezone(business.timezone, "business " + business.name.text, diags);
}

void check_hours_timezone(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& hours : config.hours)
    check_timezone(hours.timezone, "hours " + hours.name.text, diags);
}

void check_rich_message_timezone(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& message : config.rich_messages) {
    if (message.timezone)
      check_timezone(*message.timezone, "rich_message " + message.name.text, diags);
  }
}

// ---- profile ----------------------------------------------------------------------------

// Why an e-mail address is not acceptable, or "" when it is.
std::string email_problem(std::string_view email) {
  if (email.empty()) return "is empty";
  if (std::any_of(email.begin(), email.end(), is_space)) return "contains a space";
  const auto at = email.find('@');
  if (at == std::string_view::npos) return "has no '@'";
  if (email.find('@', at + 1) != std::string_view::npos) return "has more than one '@'";
  if (at == 0) return "has nothing before the '@'";
  const std::string_view domain = email.substr(at + 1);
  if (domain.empty()) return "has no domain after the '@'";
  if (domain.find('.') == std::string_view::npos) return "has a domain without a dot";
  if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos)
    return "has an empty label in its domain";
  return "";
}

// Where an e-mail address is written, for the messages about it.
struct EmailUse {
  std::string_view what;   // "contact address", "e-mail address"
  std::string_view limit;  // "WhatsApp accepts at most", "the limit is"
};

// SWB211 for one e-mail address.
void check_email(const ir::Located<ir::Text>& email, EmailUse use, Diagnostics& diags) {
  if (!present(email)) return;
  if (const std::string why = email_problem(email.value); !why.empty()) {
    diags
        .report(DiagCode::SWB211, email.span,
                fmt::format("e-mail address '{}' {}", email.value, why))
        .help(fmt::format("write the full {}, e.g. \"help@example.com\"", use.what));
    return;
  }
  if (const std::size_t n = text_length(email.value); n > limits::kEmailMax) {
    diags
        .report(DiagCode::SWB211, email.span,
                fmt::format("e-mail address is {} characters long; {} {}", n, use.limit,
                            limits::kEmailMax))
        .help(fmt::format("use a shorter {}", use.what));
  }
}

void check_business_email(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& business : config.businesses)
    check_email(business.email, {"contact address", "WhatsApp accepts at most"}, diags);
}

// SWB211 covers every e-mail address of a config: a user's too.
void check_user_email(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& user : config.users)
    check_email(user.email, {"e-mail address", "the limit is"}, diags);
}

// Why a website is not an http(s) URL with a host, or "" when it is.
std::string website_problem(std::string_view url) {
  if (std::any_of(url.begin(), url.end(), is_space)) return "contains a space";
  const UrlParts parts = split_url(url);
  if (parts.scheme.empty()) return "is not a URL: it has no http:// or https://";
  if (parts.scheme != "http" && parts.scheme != "https")
    return fmt::format("uses {}; a website is http or https", parts.scheme);
  if (parts.host.empty()) return "has no host";
  return "";
}

void check_business_websites(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& business : config.businesses) {
    const auto& sites = business.websites.value;
    for (std::size_t i = 0; i < sites.size(); ++i) {
      const auto& site = sites[i];
      if (i == limits::kWebsitesMax) {
        diags
            .report(DiagCode::SWB212, site.span,
                    fmt::format("business {} lists {} websites; WhatsApp accepts at most {}",
                                business.name.text, sites.size(), limits::kWebsitesMax))
            .help(fmt::format("keep the {} most important websites", limits::kWebsitesMax));
      }
      if (!present(site)) continue;
      if (const std::string why = website_problem(site.value); !why.empty()) {
        diags.report(DiagCode::SWB212, site.span, fmt::format("website '{}' {}", site.value, why))
            .help(site.value.find("://") == std::string::npos
                      ? fmt::format("write \"https://{}\"", site.value)
                      : "write an http or https URL, e.g. \"https://example.com\"");
      } else if (const std::size_t n = text_length(site.value); n > limits::kWebsiteLengthMax) {
        diags
            .report(DiagCode::SWB212, site.span,
                    fmt::format("website is {} characters long; WhatsApp accepts at most {}", n,
                                limits::kWebsiteLengthMax))
            .help("link a shorter URL, such as the site's home page");
      }
    }
  }
}

void check_profile_text(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  auto too_long = [&](const ir::Located<ir::Text>& text, std::string_view attribute,
                      const ir::Business& business, std::size_t max) {
    if (!present(text)) return;
    const std::size_t n = text_length(text.value);
    if (n <= max) return;
    diags
        .report(DiagCode::SWB213, text.span,
                fmt::format("{} of business {} is {} characters long; WhatsApp accepts at most {}",
                            attribute, business.name.text, n, max))
        .help(n - max == 1 ? std::string("shorten it by 1 character")
                           : fmt::format("shorten it by {} characters", n - max));
  };
  for (const auto& business : config.businesses) {
    if (business.about && present(*business.about)) {
      std::string_view about = business.about->value;
      if (std::all_of(about.begin(), about.end(), is_space)) {
        diags
            .report(DiagCode::SWB213, business.about->span,
                    fmt::format("about of business {} is empty", business.name.text))
            .help("write the profile's short about text, or leave `about` out");
      } else {
        too_long(*business.about, "about", business, limits::kAboutMax);
      }
    }
    too_long(business.address, "address", business, limits::kAddressMax);
    too_long(business.description, "description", business, limits::kDescriptionMax);
  }
}

constexpr std::array kRules = {
    Rule{"account", "check_channel_phone", &check_channel_phone},
    Rule{"account", "check_duplicate_phones", &check_duplicate_phones},
    Rule{"account", "check_business_approved", &check_business_approved},
    Rule{"account", "check_business_manager_id", &check_business_manager_id},
    Rule{"account", "check_logo_url_format", &check_logo_url_format},
    Rule{"account", "check_logo_file", &check_logo_file},
    Rule{"account", "check_logo_url_public", &check_logo_url_public},
    Rule{"account", "check_business_timezone", &check_business_timezone},
    Rule{"account", "check_hours_timezone", &check_hours_timezone},
    Rule{"account", "check_rich_message_timezone", &check_rich_message_timezone},
    Rule{"account", "check_business_email", &check_business_email},
    Rule{"account", "check_user_email", &check_user_email},
    Rule{"account", "check_business_websites", &check_business_websites},
    Rule{"account", "check_profile_text", &check_profile_text},
    Rule{"account", "check_phone_region", &check_phone_region},
};

}  // namespace

std::span<const Rule> account_rules() { return kRules; }

}  // namespace swb::rules
