#pragma once

#include <QStringList>

namespace tw::cli {

// `tokenwright-cli profiles list|show|add|edit|remove …`
int runProfilesCommand(const QStringList &arguments);

} // namespace tw::cli
