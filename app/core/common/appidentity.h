#pragma once

namespace tw {

// The application and organisation names, which QStandardPaths builds the configuration and
// data folders from. The GUI and the CLI must set exactly the same ones, or each gets its
// own folder (an organisation name of "tokenwright" made the CLI's ~/.config/tokenwright/
// tokenwright while the window used ~/.config/tokenwright) and they stop sharing profiles,
// history and the activity log. Call right after the Q*Application is made.
void applyApplicationIdentity();

} // namespace tw
