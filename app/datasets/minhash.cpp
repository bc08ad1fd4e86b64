// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/minhash.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <thread>

namespace ts {

namespace {

std::uint64_t mix64(std::uint64_t x) {  // splitmix64 finalizer
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

// 64-bit hashes of the k-word shingles of `text` (case-folded letters/digits as words).
std::vector<std::uint64_t> shingleHashes(const QString& text, int k) {
    std::vector<std::uint64_t> words;
    std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
    bool inWord = false;
    const QString folded = text.toCaseFolded();
    for (QChar c : folded) {
        if (c.isLetterOrNumber()) {
            h = (h ^ c.unicode()) * 0x100000001b3ULL;
            inWord = true;
        } else if (inWord) {
            words.push_back(mix64(h));
            h = 0xcbf29ce484222325ULL;
            inWord = false;
        }
    }
    if (inWord) words.push_back(mix64(h));
    std::vector<std::uint64_t> shingles;
    if (words.empty()) return shingles;
    const size_t width = size_t(std::max(1, k));
    const size_t count = words.size() >= width ? words.size() - width + 1 : 1;
    shingles.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        std::uint64_t s = 0x9e3779b97f4a7c15ULL;
        for (size_t j = i; j < std::min(words.size(), i + width); ++j)
            s = mix64(s ^ words[j]) + j - i;
        shingles.push_back(s);
    }
    return shingles;
}

struct UnionFind {
    explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    int find(int x) {
        while (parent[size_t(x)] != x) {
            parent[size_t(x)] = parent[size_t(parent[size_t(x)])];
            x = parent[size_t(x)];
        }
        return x;
    }
    void unite(int a, int b) {
        a = find(a);
        b = find(b);
        if (a != b) parent[size_t(std::max(a, b))] = std::min(a, b);
    }
    std::vector<int> parent;
};

// Rows per band so that the LSH S-curve's midpoint (1/b)^(1/r) is nearest `target`.
int chooseRows(int permutations, double target) {
    int bestRows = 1;
    double bestDistance = std::numeric_limits<double>::max();
    for (int rows = 1; rows <= permutations; ++rows) {
        const int bands = permutations / rows;
        const double midpoint = std::pow(1.0 / bands, 1.0 / rows);
        if (std::abs(midpoint - target) < bestDistance) {
            bestDistance = std::abs(midpoint - target);
            bestRows = rows;
        }
    }
    return bestRows;
}

}  // namespace

MinHasher::MinHasher(const MinHashParams& params) : params_(params) {
    params_.permutations = std::max(1, params_.permutations);
    std::mt19937_64 random(params_.seed);
    for (int i = 0; i < params_.permutations; ++i) {
        multipliers_.push_back(random() | 1ULL);  // odd: multiply-shift hashing
        offsets_.push_back(random());
    }
}

MinHashSignature MinHasher::signature(const QString& text) const {
    const size_t n = size_t(params_.permutations);
    MinHashSignature sig(n, std::numeric_limits<std::uint32_t>::max());
    for (std::uint64_t s : shingleHashes(text, params_.shingleWords))
        for (size_t i = 0; i < n; ++i) {
            const auto v = std::uint32_t((multipliers_[i] * s + offsets_[i]) >> 32);
            sig[i] = std::min(sig[i], v);
        }
    return sig;
}

double MinHasher::estimatedJaccard(const MinHashSignature& a, const MinHashSignature& b) {
    if (a.empty() || a.size() != b.size()) return 0;
    size_t equal = 0;
    for (size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
    return double(equal) / double(a.size());
}

std::vector<NearDuplicateCluster> findNearDuplicates(const std::vector<QString>& texts,
                                                     const MinHashParams& params, int threads,
                                                     CancelFlag cancel) {
    constexpr size_t kCancelCheckEvery = 256;  // texts between looks at the flag
    const MinHasher hasher(params);
    const int perms = hasher.params().permutations;
    std::vector<MinHashSignature> sigs(texts.size());
    const size_t workers = size_t(std::max(1, threads));
    {
        std::vector<std::thread> pool;
        for (size_t w = 0; w < workers; ++w)
            pool.emplace_back([&, w] {
                for (size_t i = w, n = 0; i < texts.size(); i += workers, ++n) {
                    if (n % kCancelCheckEvery == 0 && isCancelled(cancel)) return;
                    sigs[i] = hasher.signature(texts[i]);
                }
            });
        for (auto& t : pool) t.join();
    }
    throwIfCancelled(cancel, "near-duplicate search");

    int rows = params.bands > 0 ? std::max(1, perms / params.bands)
                                : chooseRows(perms, 0.8 * params.jaccardThreshold);
    const int bands = params.bands > 0 ? std::min(params.bands, perms / rows) : perms / rows;
    UnionFind groups(texts.size());
    std::vector<std::pair<std::uint64_t, int>> keys(texts.size());
    const int maxCompare = std::max(1, params.maxBucketComparisons);
    for (int band = 0; band < bands; ++band) {
        throwIfCancelled(cancel, "near-duplicate search");
        for (size_t i = 0; i < texts.size(); ++i) {
            std::uint64_t key = mix64(std::uint64_t(band) + 1);
            for (int r = 0; r < rows; ++r) key = mix64(key ^ sigs[i][size_t(band * rows + r)]);
            keys[i] = {key, int(i)};
        }
        std::sort(keys.begin(), keys.end());
        for (size_t start = 0, buckets = 0; start < keys.size(); ++buckets) {
            if (buckets % (16 * kCancelCheckEvery) == 0)
                throwIfCancelled(cancel, "near-duplicate search");
            size_t end = start + 1;
            while (end < keys.size() && keys[end].first == keys[start].first) ++end;
            for (size_t a = start; a < end; ++a)
                for (size_t b = a + 1; b < end && b <= a + size_t(maxCompare); ++b) {
                    const int i = keys[a].second, j = keys[b].second;
                    if (groups.find(i) == groups.find(j)) continue;
                    if (MinHasher::estimatedJaccard(sigs[size_t(i)], sigs[size_t(j)]) >=
                        params.jaccardThreshold)
                        groups.unite(i, j);
                }
            start = end;
        }
    }

    std::vector<NearDuplicateCluster> clusters;
    std::vector<int> clusterOfRoot(texts.size(), -1);
    for (size_t i = 0; i < texts.size(); ++i) {
        const int root = groups.find(int(i));
        if (root == int(i)) continue;
        if (clusterOfRoot[size_t(root)] < 0) {
            clusterOfRoot[size_t(root)] = int(clusters.size());
            clusters.push_back({{root}});
        }
        clusters[size_t(clusterOfRoot[size_t(root)])].members.push_back(int(i));
    }
    return clusters;
}

double exactShingleJaccard(const QString& a, const QString& b, int shingleWords) {
    auto sa = shingleHashes(a, shingleWords), sb = shingleHashes(b, shingleWords);
    std::sort(sa.begin(), sa.end());
    sa.erase(std::unique(sa.begin(), sa.end()), sa.end());
    std::sort(sb.begin(), sb.end());
    sb.erase(std::unique(sb.begin(), sb.end()), sb.end());
    std::vector<std::uint64_t> common;
    std::set_intersection(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(common));
    const size_t unionSize = sa.size() + sb.size() - common.size();
    return unionSize == 0 ? 1.0 : double(common.size()) / double(unionSize);
}

}  // namespace ts
