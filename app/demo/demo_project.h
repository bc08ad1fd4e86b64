// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The built-in demo project: support-ticket triage (ticket in, JSON object out) with deliberate
// edge cases, a general-capability set against forgetting, and the CPU recipe preset pointing at
// the demo model. Created on first use; opening it again changes nothing.
#include <QString>

namespace ts {

// Where the demo project lives: <app data>/demo/support-triage-demo.tsproj.
QString demoProjectPath();

// Creates the demo project when it does not exist yet, importing the sample data from the
// application's resources (":/demo/…") and saving the "CPU demo" recipe. Returns the path, or an
// empty string with *error set (what and where).
QString ensureDemoProject(QString* error);

}  // namespace ts
