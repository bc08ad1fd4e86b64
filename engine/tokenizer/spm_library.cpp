// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/spm_library.h"

#include "engine/core/error.h"
#include "engine/spm_bridge/spm_bridge.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <mutex>

namespace ts {

namespace {

struct BridgeApi {
    std::string path;
    decltype(&ts_spm_abi_version) abiVersion = nullptr;
    decltype(&ts_spm_load) load = nullptr;
    decltype(&ts_spm_load_from_bytes) loadFromBytes = nullptr;
    decltype(&ts_spm_free) free = nullptr;
    decltype(&ts_spm_vocab_size) vocabSize = nullptr;
    decltype(&ts_spm_encode) encode = nullptr;
    decltype(&ts_spm_decode) decode = nullptr;
    decltype(&ts_spm_id_to_piece) idToPiece = nullptr;
    decltype(&ts_spm_get_score) getScore = nullptr;
    decltype(&ts_spm_piece_to_id) pieceToId = nullptr;
    decltype(&ts_spm_bos_id) bosId = nullptr;
    decltype(&ts_spm_eos_id) eosId = nullptr;
    decltype(&ts_spm_unk_id) unkId = nullptr;
    decltype(&ts_spm_pad_id) padId = nullptr;
    decltype(&ts_spm_is_control) isControl = nullptr;
    decltype(&ts_spm_is_byte) isByte = nullptr;
};

std::string executableDir() {
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return {};
    std::string p(buf, size_t(n));
    auto slash = p.rfind('/');
    return slash == std::string::npos ? std::string() : p.substr(0, slash);
}

std::vector<std::string> candidatePaths() {
    std::vector<std::string> c;
    if (const char* env = std::getenv("TS_SPM_BRIDGE"); env && *env) c.emplace_back(env);
    const std::string exeDir = executableDir();
    const std::string name = "libts_spm_bridge.so";
    if (!exeDir.empty()) {
        c.push_back(exeDir + "/" + name);
        c.push_back(exeDir + "/../lib/" + name);
        c.push_back(exeDir + "/../lib/tuning-studio/" + name);
        c.push_back(exeDir + "/../lib/x86_64-linux-gnu/tuning-studio/" + name);
    }
#ifdef TS_SPM_BRIDGE_INSTALL_PATH
    c.emplace_back(TS_SPM_BRIDGE_INSTALL_PATH);
#endif
#ifdef TS_SPM_BRIDGE_BUILD_PATH
    c.emplace_back(TS_SPM_BRIDGE_BUILD_PATH);
#endif
    return c;
}

template <typename F>
void bind(void* lib, const char* symbol, F& fn, const std::string& path) {
    fn = reinterpret_cast<F>(dlsym(lib, symbol));
    if (!fn) throw Error(std::string("sentencepiece bridge lacks symbol ") + symbol, path);
}

const BridgeApi& bridge() {
    static std::once_flag once;
    static BridgeApi api;
    static std::string failure;
    std::call_once(once, [] {
        std::string tried;
        for (const auto& path : candidatePaths()) {
            if (access(path.c_str(), R_OK) != 0) {
                tried += "\n  " + path + " (not found)";
                continue;
            }
            // RTLD_DEEPBIND: the bridge resolves sentencepiece's protobuf against its own copy,
            // not the one libtorch already loaded into the process.
            void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
            if (!lib) {
                tried += "\n  " + path + " (" + dlerror() + ")";
                continue;
            }
            try {
                api.path = path;
                bind(lib, "ts_spm_abi_version", api.abiVersion, path);
                if (api.abiVersion() != TS_SPM_BRIDGE_ABI)
                    throw Error("sentencepiece bridge has a different ABI version", path);
                bind(lib, "ts_spm_load", api.load, path);
                bind(lib, "ts_spm_load_from_bytes", api.loadFromBytes, path);
                bind(lib, "ts_spm_free", api.free, path);
                bind(lib, "ts_spm_vocab_size", api.vocabSize, path);
                bind(lib, "ts_spm_encode", api.encode, path);
                bind(lib, "ts_spm_decode", api.decode, path);
                bind(lib, "ts_spm_id_to_piece", api.idToPiece, path);
                bind(lib, "ts_spm_get_score", api.getScore, path);
                bind(lib, "ts_spm_piece_to_id", api.pieceToId, path);
                bind(lib, "ts_spm_bos_id", api.bosId, path);
                bind(lib, "ts_spm_eos_id", api.eosId, path);
                bind(lib, "ts_spm_unk_id", api.unkId, path);
                bind(lib, "ts_spm_pad_id", api.padId, path);
                bind(lib, "ts_spm_is_control", api.isControl, path);
                bind(lib, "ts_spm_is_byte", api.isByte, path);
                return;
            } catch (const Error& e) {
                tried += "\n  " + path + " (" + e.message() + ")";
                api = BridgeApi{};
            }
        }
        failure = "cannot load the sentencepiece bridge module (set TS_SPM_BRIDGE to its path); tried:" + tried;
    });
    if (!api.load) throw Error(failure);
    return api;
}

}  // namespace

std::string sentencePieceBridgePath() {
    try {
        return bridge().path;
    } catch (const Error&) {
        return {};
    }
}

SentencePieceModel::SentencePieceModel(ts_spm* handle) : handle_(handle) {}
SentencePieceModel::SentencePieceModel(SentencePieceModel&& o) noexcept : handle_(o.handle_) {
    o.handle_ = nullptr;
}
SentencePieceModel& SentencePieceModel::operator=(SentencePieceModel&& o) noexcept {
    if (this != &o) {
        if (handle_) bridge().free(handle_);
        handle_ = o.handle_;
        o.handle_ = nullptr;
    }
    return *this;
}
SentencePieceModel::~SentencePieceModel() {
    if (handle_) bridge().free(handle_);
}

SentencePieceModel SentencePieceModel::fromFile(const std::string& path) {
    char err[512] = {0};
    ts_spm* h = bridge().load(path.c_str(), err, sizeof err);
    if (!h) throw Error(std::string("not a readable sentencepiece model: ") + err, path);
    return SentencePieceModel(h);
}

SentencePieceModel SentencePieceModel::fromBytes(const std::string& proto,
                                                 const std::string& origin) {
    char err[512] = {0};
    ts_spm* h = bridge().loadFromBytes(proto.data(), proto.size(), err, sizeof err);
    if (!h) throw Error(std::string("not a valid sentencepiece model: ") + err, origin);
    return SentencePieceModel(h);
}

int SentencePieceModel::vocabSize() const { return bridge().vocabSize(handle_); }

std::vector<int32_t> SentencePieceModel::encode(const std::string& text) const {
    std::vector<int32_t> ids(text.size() + 16);
    int64_t n = bridge().encode(handle_, text.data(), text.size(), ids.data(), ids.size());
    if (n < 0) throw Error("sentencepiece failed to encode the text");
    if (size_t(n) > ids.size()) {
        ids.resize(size_t(n));
        n = bridge().encode(handle_, text.data(), text.size(), ids.data(), ids.size());
    }
    ids.resize(size_t(n));
    return ids;
}

std::string SentencePieceModel::decode(const std::vector<int32_t>& ids) const {
    std::string out(ids.size() * 8 + 16, '\0');
    int64_t n = bridge().decode(handle_, ids.data(), ids.size(), out.data(), out.size());
    if (n < 0) throw Error("sentencepiece failed to decode the ids");
    if (size_t(n) >= out.size()) {
        out.assign(size_t(n) + 1, '\0');
        n = bridge().decode(handle_, ids.data(), ids.size(), out.data(), out.size());
    }
    out.resize(size_t(n));
    return out;
}

std::string SentencePieceModel::idToPiece(int32_t id) const {
    std::string out(64, '\0');
    int64_t n = bridge().idToPiece(handle_, id, out.data(), out.size());
    if (n < 0) throw Error("token id " + std::to_string(id) + " is outside the vocabulary");
    if (size_t(n) >= out.size()) {
        out.assign(size_t(n) + 1, '\0');
        n = bridge().idToPiece(handle_, id, out.data(), out.size());
    }
    out.resize(size_t(n));
    return out;
}

int32_t SentencePieceModel::pieceToId(const std::string& piece) const {
    return bridge().pieceToId(handle_, piece.data(), piece.size());
}
float SentencePieceModel::score(int32_t id) const { return bridge().getScore(handle_, id); }
int32_t SentencePieceModel::bosId() const { return bridge().bosId(handle_); }
int32_t SentencePieceModel::eosId() const { return bridge().eosId(handle_); }
int32_t SentencePieceModel::unkId() const { return bridge().unkId(handle_); }
int32_t SentencePieceModel::padId() const { return bridge().padId(handle_); }
bool SentencePieceModel::isControl(int32_t id) const { return bridge().isControl(handle_, id); }
bool SentencePieceModel::isByte(int32_t id) const { return bridge().isByte(handle_, id); }

}  // namespace ts
