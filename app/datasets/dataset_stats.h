// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Numbers for the dataset dashboard's plots: label distribution, length histograms (characters
// and tokens), duplicate rate, and the shares of edge-case and general-capability examples.
#include "app/datasets/dataset_repository.h"

#include <QList>
#include <QPair>
#include <QString>

#include <functional>
#include <vector>

namespace ts {

struct Histogram {
    double start = 0;  // the smallest value: lengths of real data rarely start near zero
    double binWidth = 0;
    // bin k holds values in [start + k * binWidth, start + (k+1) * binWidth)
    std::vector<qint64> counts;
    qint64 minValue = 0, maxValue = 0;
    double mean = 0;
};

// `binCount` equal bins from the smallest to the largest value (at least width 1, so fewer
// bins when the values span fewer than `binCount` integers).
Histogram makeHistogram(const std::vector<qint64>& values, int binCount);

struct DatasetStatistics {
    qint64 exampleCount = 0;
    QList<QPair<QString, qint64>> labelCounts;  // most frequent first; classification only
    Histogram charLengths;   // input + output characters
    Histogram tokenLengths;  // empty counts when no token counts are known
    qint64 tokenCountedExamples = 0;
    int maxSequenceTokens = 0;   // the limit the lengths were compared with (0 = none)
    qint64 overSequenceLimit = 0;  // counted examples longer than maxSequenceTokens
    double duplicateRate = 0;  // share of examples whose normalized input+output occurred before
    double edgeCaseShare = 0;
    double generalCapabilityShare = 0;
    qint64 trainCount = 0, evalCount = 0, generalCount = 0, unassignedCount = 0;
};

struct StatisticsParams {
    int binCount = 30;
    // Empty (as in the app) = the stored counts (token_lengths.h) where present; set, it counts
    // tokenCountText() instead (tools, tests).
    std::function<int(const QString&)> tokenCounter;
    // The recipe's max_seq_len: examples longer than this in tokens are counted (0 = none).
    int maxSequenceTokens = 0;
    // The version belongs to the project's general-capability set: every example is one.
    bool generalCapabilitySet = false;
};

DatasetStatistics computeStatistics(const std::vector<VersionMemberRow>& members,
                                    const StatisticsParams& params = {});

}  // namespace ts
