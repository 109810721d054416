// The swb(1) manual page, rendered as roff from the same CLI11 description `swb help` prints.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace swb {

// `program` is the name the page documents ("swb"), `version` what `swb --version` says.
std::string render_man_page(const CLI::App& app, std::string_view program,
                            std::string_view version);

}  // namespace swb
