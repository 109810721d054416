// Walks the schema tables, so the JSON has exactly the schema's attributes in its order.
#include "backends/json/json_backend.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "compiler/schema/schema.h"
#include "compiler/syntax/literals.h"

namespace swb {
namespace {

using nlohmann::ordered_json;

template <class T>
concept IsObject = std::is_same_v<T, ir::Section> || std::is_same_v<T, ir::ListItem> ||
    std::is_same_v<T, ir::Slot>;

class JsonWriter {
 public:
  explicit JsonWriter(ordered_json& out) : out_(out) {}

  template <class T>
  void attr(std::string_view name, const ir::Located<T>& f, const schema::FieldSpec&) {
    out_[std::string(name)] = value(f.value);
  }
  template <class T>
  void attr(std::string_view name, const std::optional<ir::Located<T>>& f,
            const schema::FieldSpec&) {
    if (f) out_[std::string(name)] = value(f->value);
  }
  template <class S>
  void block(std::string_view name, const std::optional<S>& f, const schema::FieldSpec&) {
    if (f) out_[std::string(name)] = object(*f);
  }
  template <class S>
  void blocks(std::string_view name, const std::vector<S>& v) {
    ordered_json list = ordered_json::array();
    for (const auto& s : v) {
      ordered_json o;
      name_of(s, o);
      JsonWriter w(o);
      schema::describe(w, s);
      list.push_back(std::move(o));
    }
    // Named nested blocks are a list under the plural: role.channels, user.skills, queue.filters.
    out_[std::string(name) + "s"] = std::move(list);
  }

  template <class S>
  static ordered_json object(const S& s) {
    ordered_json o = ordered_json::object();
    JsonWriter w(o);
    schema::describe(w, s);
    return o;
  }

 private:
  static void name_of(const ir::Grant& g, ordered_json& o) {
    o["channel"] = value(g.channel.value);
  }
  static void name_of(const ir::UserSkill& s, ordered_json& o) {
    o["skill"] = value(s.skill.value);
  }
  static void name_of(const ir::Filter& f, ordered_json& o) { o["name"] = f.name.text; }

  template <class T>
  static ordered_json value(const T& v) {
    if constexpr (std::is_same_v<T, ir::Text>) {
      return v.str();
    } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::int64_t> ||
                         std::is_same_v<T, bool>) {
      return v;
    } else if constexpr (std::is_enum_v<T> && requires { ir::EnumTraits<T>::spelled; }) {
      return std::string(ir::enum_name(v));
    } else if constexpr (requires { typename T::Target; }) {
      return std::string(schema::kind_of<typename T::Target>()) + "." + v.name;
    } else if constexpr (std::is_same_v<T, ir::Duration>) {
      return v.seconds;
    } else if constexpr (std::is_same_v<T, ir::Percent>) {
      if (v.value == std::floor(v.value)) return static_cast<std::int64_t>(v.value);
      return v.value;
    } else if constexpr (std::is_same_v<T, ir::Date>) {
      return syntax::format_date(syntax::Date{v.year, v.month, v.day});
    } else if constexpr (std::is_same_v<T, ir::TimeRange>) {
      return syntax::format_minute(v.start) + "-" + syntax::format_minute(v.end);
    } else if constexpr (std::is_same_v<T, ir::DaySchedule>) {
      ordered_json list = ordered_json::array();
      for (const auto& r : v.ranges) list.push_back(value(r.value));
      return list;
    } else if constexpr (std::is_same_v<T, ir::Secret>) {
      return ordered_json{{"secret", v.env}};
    } else if constexpr (std::is_same_v<T, ir::Header>) {
      static constexpr std::string_view kKinds[] = {"text", "image", "video", "document",
                                                    "location"};
      ordered_json o;
      o["type"] = kKinds[static_cast<int>(v.kind)];
      if (v.kind == ir::HeaderKind::text)
        o["text"] = v.text;
      else if (v.kind != ir::HeaderKind::location)
        o["url"] = v.url;
      return o;
    } else if constexpr (std::is_same_v<T, ir::Button>) {
      static constexpr std::string_view kKinds[] = {"quick_reply", "url", "phone", "copy_code"};
      ordered_json o;
      o["type"] = kKinds[static_cast<int>(v.kind)];
      o["text"] = v.text.value;
      if (v.kind == ir::ButtonKind::url) o["url"] = v.target.value;
      if (v.kind == ir::ButtonKind::phone) o["phone"] = v.target.value;
      return o;
    } else if constexpr (IsObject<T>) {
      return object(v);
    } else {
      ordered_json list = ordered_json::array();
      for (const auto& e : v) list.push_back(value(e.value));
      return list;
    }
  }

  ordered_json& out_;
};

}  // namespace

void JsonBackend::generate(const ir::Config& config, const BackendContext&,
                           std::string& out) const {
  ordered_json doc;
  doc["format"] = "swb-ir/1";
  doc["org"] = config.org ? JsonWriter::object(*config.org) : ordered_json(nullptr);
  schema::for_each_kind(config, [&](std::string_view, std::string_view key, const auto& vec) {
    ordered_json list = ordered_json::array();
    for (const auto& d : vec) {
      ordered_json o;
      o["name"] = d.name.text;
      JsonWriter w(o);
      schema::describe(w, d);
      list.push_back(std::move(o));
    }
    doc[std::string(key)] = std::move(list);
  });
  out += doc.dump(2);
  out += '\n';
}

}  // namespace swb
