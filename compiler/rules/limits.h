// WhatsApp's and the product's numeric limits, in one place: a changed limit is a one-line
// change here, never a literal inside a check. Sources are cited per group.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace swb::limits {

// Meta's Business Profile API reference.
inline constexpr std::size_t kAboutMax = 139;
inline constexpr std::size_t kAddressMax = 256;
inline constexpr std::size_t kDescriptionMax = 512;
inline constexpr std::size_t kEmailMax = 128;
inline constexpr std::size_t kWebsitesMax = 2;
inline constexpr std::size_t kWebsiteLengthMax = 256;

// Business manager ids are 5–20 digits.
inline constexpr std::size_t kBusinessManagerIdMin = 5;
inline constexpr std::size_t kBusinessManagerIdMax = 20;

// Profile picture (seed: "Requisitos de conta comercial do WhatsApp"; solution providers).
inline constexpr std::uint64_t kLogoMaxBytes = 5'000'000;
inline constexpr int kLogoRecommendedPx = 640;
inline constexpr int kLogoMinimumPx = 192;

// Meta's message template component reference.
inline constexpr std::size_t kTemplateNameMax = 512;
inline constexpr std::size_t kBodyMax = 1024;
inline constexpr std::size_t kHeaderTextMax = 60;
inline constexpr std::size_t kHeaderVariablesMax = 1;
inline constexpr std::size_t kFooterMax = 60;
inline constexpr std::size_t kButtonsMax = 10;
inline constexpr std::size_t kUrlButtonsMax = 2;
inline constexpr std::size_t kPhoneButtonsMax = 1;
inline constexpr std::size_t kCopyCodeButtonsMax = 1;
inline constexpr std::size_t kButtonTextMax = 25;
inline constexpr std::size_t kButtonUrlMax = 2000;

// Rich messages (Digital Experience).
inline constexpr std::size_t kQuickRepliesMax = 3;
inline constexpr std::size_t kQuickReplyTextMax = 20;
inline constexpr std::size_t kListSectionsMax = 10;
inline constexpr std::size_t kListItemsMax = 10;
inline constexpr std::size_t kListTitleMax = 24;
inline constexpr std::size_t kListDescriptionMax = 72;
inline constexpr std::size_t kListButtonMax = 20;

// Custom components (seed: "Crie um componente personalizado").
inline constexpr std::int64_t kComponentHeightRecommended = 200;

// Users and skills.
inline constexpr std::int64_t kProficiencyMin = 1;
inline constexpr std::int64_t kProficiencyMax = 20;
inline constexpr std::int64_t kTimerMaxSeconds = 7 * 24 * 3600;

// The template language codes WhatsApp supports (templates.cpp fills this table).
std::span<const std::string_view> template_languages();

}  // namespace swb::limits

// ---- templates group (templates.cpp) ----------------------------------------------------
namespace swb::limits {

// Meta's preset body of a copy-code authentication template: the code message, optionally
// followed by the security recommendation and then the expiry warning (N minutes, 1–90).
// Meta localises the preset itself, so the body is written in English whatever `language`.
inline constexpr std::string_view kAuthCodeMessage = "{{1}} is your verification code.";
inline constexpr std::string_view kAuthSecuritySentence =
    "For your security, do not share this code.";
inline constexpr std::string_view kAuthExpiryPrefix = "This code expires in ";
inline constexpr std::string_view kAuthExpirySuffix = " minutes.";
inline constexpr std::int64_t kAuthExpiryMinutesMin = 1;
inline constexpr std::int64_t kAuthExpiryMinutesMax = 90;

// Custom components (seed: "Crie um componente personalizado"): the URL ends with the
// channel placeholder; `smooch` marks the legacy integration's components.
inline constexpr std::string_view kComponentUrlPlaceholder = "%s";
inline constexpr std::string_view kLegacyComponentMarker = "smooch";

// Routing and SLAs (seed: "Criar uma competência digital", "Configure o Acordo de Nível de
// Serviço (SLA) para este Canal"): fallback times and SLA times are set in whole minutes.
inline constexpr std::int64_t kSecondsPerMinute = 60;
inline constexpr std::int64_t kFallbackMinMinutes = 1;

}  // namespace swb::limits
