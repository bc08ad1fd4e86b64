// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/dataset_stats.h"

#include "app/datasets/dataset_importer.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace ts {

Histogram makeHistogram(const std::vector<qint64>& values, int binCount) {
    Histogram h;
    int bins = std::max(1, binCount);
    h.counts.assign(size_t(bins), 0);
    if (values.empty()) return h;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    h.minValue = *lo;
    h.maxValue = *hi;
    // No more bins than distinct integer values: a narrow range keeps bars one unit wide.
    bins = int(std::min<qint64>(bins, h.maxValue - h.minValue + 1));
    h.counts.assign(size_t(bins), 0);
    // Width so that the largest value falls inside the last bin.
    h.start = double(h.minValue);
    h.binWidth = std::max(1.0, double(h.maxValue - h.minValue + 1) / bins);
    double sum = 0;
    for (qint64 v : values) {
        const size_t bin = std::min(size_t(bins - 1), size_t(double(v - h.minValue) / h.binWidth));
        ++h.counts[bin];
        sum += double(v);
    }
    h.mean = sum / double(values.size());
    return h;
}

DatasetStatistics computeStatistics(const std::vector<VersionMemberRow>& members,
                                    const StatisticsParams& params) {
    DatasetStatistics s;
    s.exampleCount = qint64(members.size());
    QHash<QString, qint64> labels;
    QSet<QByteArray> seen;
    qint64 duplicates = 0, edge = 0, general = 0;
    std::vector<qint64> chars, tokens;
    chars.reserve(members.size());
    for (const auto& m : members) {
        if (m.kind == ExampleKind::Classification) ++labels[m.label];
        chars.push_back(m.inputText.size() + m.outputText.size());
        int t = m.tokenCount;
        if (params.tokenCounter) {
            ExampleRecord r;
            r.inputText = m.inputText;
            r.outputText = m.outputText;
            t = params.tokenCounter(tokenCountText(r));
        }
        if (t >= 0) tokens.push_back(t);
        if (t >= 0 && params.maxSequenceTokens > 0 && t > params.maxSequenceTokens) ++s.overSequenceLimit;
        const QByteArray key = normalizedContentKey(m.inputText, m.outputText);
        if (seen.contains(key))
            ++duplicates;
        else
            seen.insert(key);
        edge += m.edgeCase;
        general += m.generalCapability || params.generalCapabilitySet;
        switch (m.split) {
        case Split::Train: ++s.trainCount; break;
        case Split::Eval: ++s.evalCount; break;
        case Split::General: ++s.generalCount; break;
        case Split::Unassigned: ++s.unassignedCount; break;
        }
    }
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) s.labelCounts << qMakePair(it.key(), it.value());
    std::sort(s.labelCounts.begin(), s.labelCounts.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    s.charLengths = makeHistogram(chars, params.binCount);
    s.tokenLengths = makeHistogram(tokens, params.binCount);
    s.tokenCountedExamples = qint64(tokens.size());
    s.maxSequenceTokens = params.maxSequenceTokens;
    if (!members.empty()) {
        const double n = double(members.size());
        s.duplicateRate = double(duplicates) / n;
        s.edgeCaseShare = double(edge) / n;
        s.generalCapabilityShare = double(general) / n;
    }
    return s;
}

}  // namespace ts
