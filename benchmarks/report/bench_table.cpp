// nd_bench_table: prints the benchmark suite's one table from Google Benchmark's JSON output
// (nd_bench --benchmark_out=FILE --benchmark_out_format=json) and, when given, the JSON of
// numpy_bench.py.
//
//   nd_bench_table ND_JSON [--numpy NUMPY_JSON]... [--goals GOALS_TXT] [--out TABLE_TXT] [--strict]
//
// Benchmarks named "<case>/<dtype>/<size>/<impl>" are paired by "<case>/<dtype>/<size>"; each
// row gives nd's rate (GiB/s of bytes read + written, or ns per call for a case that reports no
// bytes) and nd's speed relative to each baseline present: memcpy, read, hand, numpy (a ratio
// above 1 means nd is faster). A name that ran several times (the suite's rounds, see
// bench_common.hpp, or Google Benchmark's repetitions) counts by its median, and so does a
// NumPy case timed in several runs of numpy_bench.py (one --numpy each). A goals file (see
// benchmarks/goals.txt) adds a column that checks the ratios; --strict makes a missed goal an
// exit status of 1. Written in C++ so that the suite needs nothing beyond its compiler to print
// its table.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

// ---- a small JSON reader ---------------------------------------------------------------------

struct json {
    enum class kind { null, boolean, number, string, array, object };
    kind type = kind::null;
    bool boolean = false;
    double number = 0;
    std::string text;
    std::vector<json> items;
    std::vector<std::pair<std::string, json>> members;

    const json* find(std::string_view key) const {
        for (const auto& [name, value] : members)
            if (name == key) return &value;
        return nullptr;
    }
    std::optional<double> number_at(std::string_view key) const {
        const json* v = find(key);
        if (v && v->type == kind::number) return v->number;
        return std::nullopt;
    }
    std::string string_at(std::string_view key) const {
        const json* v = find(key);
        return v && v->type == kind::string ? v->text : std::string();
    }
    bool true_at(std::string_view key) const {
        const json* v = find(key);
        return v && v->type == kind::boolean && v->boolean;
    }
};

class json_reader {
  public:
    explicit json_reader(std::string_view text) : text_(text) {}

    json document() {
        json value = parse_value();
        skip_space();
        if (pos_ != text_.size()) fail("trailing characters");
        return value;
    }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;

    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error("JSON: " + what + " at offset " + std::to_string(pos_));
    }
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    bool consume(std::string_view token) {
        if (text_.substr(pos_, token.size()) == token) {
            pos_ += token.size();
            return true;
        }
        return false;
    }
    char peek() {
        skip_space();
        if (pos_ >= text_.size()) fail("unexpected end");
        return text_[pos_];
    }

    json parse_value() {
        json value;
        const char c = peek();
        if (c == '{') {
            value.type = json::kind::object;
            ++pos_;
            if (peek() == '}') {
                ++pos_;
                return value;
            }
            for (;;) {
                if (peek() != '"') fail("expected a member name");
                std::string name = parse_string();
                if (peek() != ':') fail("expected ':'");
                ++pos_;
                value.members.emplace_back(std::move(name), parse_value());
                const char next = peek();
                ++pos_;
                if (next == '}') break;
                if (next != ',') fail("expected ',' or '}'");
            }
        } else if (c == '[') {
            value.type = json::kind::array;
            ++pos_;
            if (peek() == ']') {
                ++pos_;
                return value;
            }
            for (;;) {
                value.items.push_back(parse_value());
                const char next = peek();
                ++pos_;
                if (next == ']') break;
                if (next != ',') fail("expected ',' or ']'");
            }
        } else if (c == '"') {
            value.type = json::kind::string;
            value.text = parse_string();
        } else if (consume("true")) {
            value.type = json::kind::boolean;
            value.boolean = true;
        } else if (consume("false")) {
            value.type = json::kind::boolean;
        } else if (consume("null")) {
        } else {
            value.type = json::kind::number;
            value.number = parse_number();
        }
        return value;
    }

    double parse_number() {
        // Google Benchmark writes NaN and Infinity for counters that have no value.
        if (consume("NaN") || consume("-NaN")) return std::nan("");
        if (consume("Infinity")) return HUGE_VAL;
        if (consume("-Infinity")) return -HUGE_VAL;
        const std::size_t start = pos_;
        while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) ||
                                       std::string_view("+-.eE").find(text_[pos_]) != std::string_view::npos))
            ++pos_;
        if (start == pos_) fail("unexpected character");
        const std::string digits(text_.substr(start, pos_ - start));
        char* end = nullptr;
        const double v = std::strtod(digits.c_str(), &end);
        if (end != digits.c_str() + digits.size()) fail("bad number '" + digits + "'");
        return v;
    }

    std::string parse_string() {
        ++pos_;  // opening quote
        std::string out;
        while (pos_ < text_.size() && text_[pos_] != '"') {
            char c = text_[pos_++];
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= text_.size()) fail("unterminated escape");
            c = text_[pos_++];
            switch (c) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'u': {
                    if (pos_ + 4 > text_.size()) fail("short \\u escape");
                    const unsigned code =
                        static_cast<unsigned>(std::stoul(std::string(text_.substr(pos_, 4)), nullptr, 16));
                    pos_ += 4;
                    if (code < 0x80) {
                        out += static_cast<char>(code);
                    } else if (code < 0x800) {
                        out += static_cast<char>(0xC0 | (code >> 6));
                        out += static_cast<char>(0x80 | (code & 0x3F));
                    } else {
                        out += static_cast<char>(0xE0 | (code >> 12));
                        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                        out += static_cast<char>(0x80 | (code & 0x3F));
                    }
                    break;
                }
                default:
                    out += c;
                    break;  // \" \\ \/
            }
        }
        if (pos_ >= text_.size()) fail("unterminated string");
        ++pos_;
        return out;
    }
};

json read_json_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    try {
        return json_reader(buffer.str()).document();
    } catch (const std::exception& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
}

// ---- results ----------------------------------------------------------------------------------

struct measurement {
    double ns = NAN;                // CPU time per iteration
    double bytes_per_second = NAN;  // NaN: the case reports time only
    std::string error;
};

double median(std::vector<double> v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

double unit_to_ns(const std::string& unit) {
    if (unit == "us") return 1e3;
    if (unit == "ms") return 1e6;
    if (unit == "s") return 1e9;
    return 1.0;
}

// Google Benchmark's results by run name, in the order they ran.
std::vector<std::pair<std::string, measurement>> read_google_benchmark(const json& doc) {
    struct collected {
        std::vector<double> ns, bps;
        std::vector<double> median_ns, median_bps;  // the median aggregate of each repeated run
        std::string error;
    };
    std::vector<std::string> order;
    std::map<std::string, collected> runs;
    const json* list = doc.find("benchmarks");
    if (!list || list->type != json::kind::array)
        throw std::runtime_error("no \"benchmarks\" array in nd_bench's JSON");
    for (const json& entry : list->items) {
        std::string name = entry.string_at("run_name");
        if (name.empty()) name = entry.string_at("name");
        if (!runs.count(name)) order.push_back(name);
        collected& c = runs[name];
        if (entry.true_at("error_occurred")) {
            c.error = entry.string_at("error_message");
            if (c.error.empty()) c.error = "error";
            continue;
        }
        const double scale = unit_to_ns(entry.string_at("time_unit"));
        const double ns = entry.number_at("cpu_time").value_or(NAN) * scale;
        const double bps = entry.number_at("bytes_per_second").value_or(NAN);
        if (entry.string_at("run_type") == "aggregate") {
            if (entry.string_at("aggregate_name") == "median") {
                c.median_ns.push_back(ns);
                c.median_bps.push_back(bps);
            }
        } else {
            c.ns.push_back(ns);
            c.bps.push_back(bps);
        }
    }
    std::vector<std::pair<std::string, measurement>> result;
    for (const std::string& name : order) {
        const collected& c = runs[name];
        measurement m;
        const bool aggregated = !c.median_ns.empty();
        m.ns = median(aggregated ? c.median_ns : c.ns);
        m.bytes_per_second = median(aggregated ? c.median_bps : c.bps);
        m.error = c.error;
        result.emplace_back(name, m);
    }
    return result;
}

// NumPy's results by case name, from one or more runs of numpy_bench.py: the median of each
// case over the runs (a run before nd_bench and one after sample the shared machine on both
// sides of nd's timings).
std::vector<std::pair<std::string, measurement>> read_numpy(const std::vector<json>& docs) {
    std::vector<std::string> order;
    std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> runs;  // ns, bytes/s
    for (const json& doc : docs) {
        const json* list = doc.find("benchmarks");
        if (!list || list->type != json::kind::array) continue;
        for (const json& entry : list->items) {
            const std::string name = entry.string_at("name");
            if (!runs.count(name)) order.push_back(name);
            runs[name].first.push_back(entry.number_at("time_ns").value_or(NAN));
            runs[name].second.push_back(entry.number_at("bytes_per_second").value_or(NAN));
        }
    }
    std::vector<std::pair<std::string, measurement>> result;
    for (const std::string& name : order) {
        measurement m;
        m.ns = median(runs[name].first);
        m.bytes_per_second = median(runs[name].second);
        result.emplace_back(name, m);
    }
    return result;
}

// ---- goals -----------------------------------------------------------------------------------

// One line of the goals file: "<key pattern> <measure> <op> <value>", e.g.
// "triad/*  hand >= 0.95" or "small_add/f32/4  ns <= 20". '*' in the pattern matches any text.
struct goal {
    std::string pattern, measure, op;
    double value = 0;
    std::string text() const {
        std::ostringstream s;
        s << measure << ' ' << op << ' ' << value;
        return s.str();
    }
};

bool glob_match(std::string_view pattern, std::string_view text) {
    if (pattern.empty()) return text.empty();
    if (pattern[0] == '*') {
        for (std::size_t skip = 0; skip <= text.size(); ++skip)
            if (glob_match(pattern.substr(1), text.substr(skip))) return true;
        return false;
    }
    return !text.empty() && pattern[0] == text[0] && glob_match(pattern.substr(1), text.substr(1));
}

std::vector<goal> read_goals(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::vector<goal> goals;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::istringstream words(line);
        goal g;
        if (!(words >> g.pattern)) continue;
        if (!(words >> g.measure >> g.op >> g.value) || (g.op != ">=" && g.op != "<="))
            throw std::runtime_error(path + ":" + std::to_string(number) +
                                     ": expected '<pattern> <measure> >=|<= <value>'");
        goals.push_back(g);
    }
    return goals;
}

// ---- the table ---------------------------------------------------------------------------------

struct row {
    std::string key;
    std::map<std::string, measurement> impls;
};

std::string fixed(double v, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

std::string rate_text(const measurement& m) {
    if (!m.error.empty()) return "error";
    if (!std::isnan(m.bytes_per_second)) {
        const double gib = m.bytes_per_second / (1024.0 * 1024.0 * 1024.0);
        return fixed(gib, gib < 10 ? 2 : 1) + " GiB/s";
    }
    if (!std::isnan(m.ns)) return fixed(m.ns, m.ns < 100 ? 1 : 0) + " ns";
    return "-";
}

// nd's speed relative to a baseline: above 1 when nd is faster.
std::optional<double> ratio(const measurement& nd_m, const measurement& base) {
    if (!nd_m.error.empty() || !base.error.empty()) return std::nullopt;
    if (!std::isnan(nd_m.bytes_per_second) && !std::isnan(base.bytes_per_second) && base.bytes_per_second > 0)
        return nd_m.bytes_per_second / base.bytes_per_second;
    if (!std::isnan(nd_m.ns) && !std::isnan(base.ns) && nd_m.ns > 0) return base.ns / nd_m.ns;
    return std::nullopt;
}

std::string pad(const std::string& s, std::size_t width, bool right) {
    if (s.size() >= width) return s;
    return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

struct options {
    std::string nd_json, goals_file, out_file;
    std::vector<std::string> numpy_jsons;  // --numpy, once per run of numpy_bench.py
    bool strict = false;
};

options parse_arguments(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* flag) {
            if (i + 1 >= argc) throw std::runtime_error(std::string(flag) + " needs a value");
            return std::string(argv[++i]);
        };
        if (a == "--numpy")
            o.numpy_jsons.push_back(value("--numpy"));
        else if (a == "--goals")
            o.goals_file = value("--goals");
        else if (a == "--out")
            o.out_file = value("--out");
        else if (a == "--strict")
            o.strict = true;
        else if (a == "-h" || a == "--help") {
            std::cout << "usage: nd_bench_table ND_JSON [--numpy NUMPY_JSON]... [--goals GOALS_TXT] [--out TABLE_TXT] "
                         "[--strict]\n";
            std::exit(0);
        } else if (o.nd_json.empty() && !a.starts_with("--"))
            o.nd_json = a;
        else
            throw std::runtime_error("unknown argument " + a);
    }
    if (o.nd_json.empty())
        throw std::runtime_error(
            "usage: nd_bench_table ND_JSON [--numpy NUMPY_JSON]... [--goals GOALS_TXT] [--out TABLE_TXT] [--strict]");
    return o;
}

std::string context_line(const json& nd_doc, const json* numpy_doc) {
    std::ostringstream s;
    s << "nd_bench";
    if (const json* c = nd_doc.find("context")) {
        if (auto host = c->string_at("host_name"); !host.empty()) s << " on " << host;
        if (auto cpus = c->number_at("num_cpus")) s << ", " << *cpus << " CPUs";
        if (auto mhz = c->number_at("mhz_per_cpu")) s << " at " << *mhz << " MHz";
        if (auto date = c->string_at("date"); !date.empty()) s << ", " << date;
    }
    if (numpy_doc)
        if (const json* c = numpy_doc->find("context"))
            s << "; NumPy " << c->string_at("numpy_version") << " (" << c->string_at("python") << ")";
    return s.str();
}

int run(const options& o) {
    const json nd_doc = read_json_file(o.nd_json);
    std::vector<std::pair<std::string, measurement>> results = read_google_benchmark(nd_doc);
    std::vector<json> numpy_docs;
    for (const std::string& file : o.numpy_jsons) numpy_docs.push_back(read_json_file(file));
    for (auto& r : read_numpy(numpy_docs)) results.push_back(std::move(r));
    const json* numpy_doc = numpy_docs.empty() ? nullptr : &numpy_docs.front();
    const std::vector<goal> goals = o.goals_file.empty() ? std::vector<goal>{} : read_goals(o.goals_file);

    // Group "<case>/<dtype>/<size>/<impl>" by key, in the order the keys first ran.
    std::vector<row> rows;
    std::vector<std::pair<std::string, measurement>> others;
    std::map<std::string, std::size_t> row_of;
    for (const auto& [name, m] : results) {
        const auto last = name.rfind('/');
        if (last == std::string::npos || std::count(name.begin(), name.end(), '/') != 3) {
            others.emplace_back(name, m);
            continue;
        }
        const std::string key = name.substr(0, last), impl = name.substr(last + 1);
        auto [it, inserted] = row_of.emplace(key, rows.size());
        if (inserted) rows.push_back(row{key, {}});
        rows[it->second].impls[impl] = m;
    }

    // The baseline columns present, in a fixed order.
    std::vector<std::string> baselines;
    for (const char* b : {"memcpy", "read", "hand", "numpy"})
        for (const row& r : rows)
            if (r.impls.count(b)) {
                baselines.emplace_back(b);
                break;
            }

    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> header = {"case", "nd"};
    for (const auto& b : baselines) header.push_back("vs " + b);
    if (!goals.empty()) header.push_back("goal");
    int goals_checked = 0, goals_missed = 0;
    std::vector<std::string> missed;
    for (const row& r : rows) {
        auto nd_it = r.impls.find("nd");
        if (nd_it == r.impls.end()) {
            for (const auto& [impl, m] : r.impls)
                if (impl != "numpy") others.emplace_back(r.key + "/" + impl, m);
            continue;
        }
        const measurement& nd_m = nd_it->second;
        std::vector<std::string> line = {r.key, rate_text(nd_m)};
        for (const auto& b : baselines) {
            auto base = r.impls.find(b);
            std::optional<double> q = base == r.impls.end() ? std::nullopt : ratio(nd_m, base->second);
            line.push_back(q ? fixed(*q, 2) : "-");
        }
        std::string verdicts;
        for (const goal& g : goals) {
            if (!glob_match(g.pattern, r.key)) continue;
            std::optional<double> value;
            if (g.measure == "ns") {
                if (nd_m.error.empty() && !std::isnan(nd_m.ns)) value = nd_m.ns;
            } else if (g.measure == "GiB/s") {
                if (nd_m.error.empty() && !std::isnan(nd_m.bytes_per_second))
                    value = nd_m.bytes_per_second / (1024.0 * 1024.0 * 1024.0);
            } else if (auto base = r.impls.find(g.measure); base != r.impls.end()) {
                value = ratio(nd_m, base->second);
            }
            std::string verdict = g.text() + (value ? "" : " n/a");
            if (value) {
                const bool met = g.op == ">=" ? *value >= g.value : *value <= g.value;
                ++goals_checked;
                if (!met) {
                    ++goals_missed;
                    missed.push_back(r.key + " (" + g.text() + ": " + fixed(*value, 2) + ")");
                }
                verdict += met ? " ok" : " MISSED";
            }
            verdicts += (verdicts.empty() ? "" : "; ") + verdict;
        }
        if (!goals.empty()) line.push_back(verdicts);
        cells.push_back(std::move(line));
    }

    std::vector<std::size_t> width(header.size());
    for (std::size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
    for (const auto& line : cells)
        for (std::size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());

    std::ostringstream out;
    out << context_line(nd_doc, numpy_doc) << "\n";
    out << "nd: GiB/s of bytes read + written (ns per call for cases without bytes); "
           "vs X: nd's speed / X's speed, above 1 when nd is faster\n";
    const bool has_goal_column = !goals.empty();
    auto print_line = [&](const std::vector<std::string>& line) {
        std::string text;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const bool goal_column = has_goal_column && i + 1 == header.size();
            if (i) text += "  ";
            if (goal_column)
                text += line[i];  // left, unpadded
            else
                text += pad(line[i], width[i], /*right=*/i > 0);  // case left, numbers right
        }
        text.erase(text.find_last_not_of(' ') + 1);
        out << text << "\n";
    };
    print_line(header);
    std::size_t total = 0;
    for (std::size_t i = 0; i < width.size(); ++i) total += width[i] + (i ? 2 : 0);
    out << std::string(total, '-') << "\n";
    for (const auto& line : cells) print_line(line);
    if (!others.empty()) {
        out << "\nother benchmarks (not in <case>/<dtype>/<size>/<impl> form, or without an nd row):\n";
        for (const auto& [name, m] : others) out << "  " << name << "  " << rate_text(m) << "\n";
    }
    if (!goals.empty()) {
        out << "\ngoals: " << goals_checked - goals_missed << " of " << goals_checked << " met";
        if (goals_missed) {
            out << "; missed:\n";
            for (const auto& m : missed) out << "  " << m << "\n";
        } else {
            out << "\n";
        }
    }

    std::cout << out.str() << std::flush;
    if (!o.out_file.empty()) {
        std::ofstream file(o.out_file);
        file << out.str();
        if (!file) throw std::runtime_error("cannot write " + o.out_file);
    }
    return o.strict && goals_missed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse_arguments(argc, argv));
    } catch (const std::exception& e) {
        std::cerr << "nd_bench_table: " << e.what() << "\n";
        return 2;
    }
}
