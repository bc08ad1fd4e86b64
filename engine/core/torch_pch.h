// Precompiled header for the engine: torch's headers are by far the slowest part of a build.
#pragma once
#include <torch/torch.h>
