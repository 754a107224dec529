// Package blockkit validates Block Kit payloads the way Slack does before it
// accepts a message or a view.
//
// Every function returns Slack-style messages, each naming the offending
// value with a JSON pointer, for example
//
//	must be less than 3001 characters [json-pointer:/blocks/1/text/text]
//
// An empty result means the payload is valid. Messages are ordered as the
// payload is read, so they are stable across runs and fit golden files.
//
// The checks cover the documented limits of blocks, elements and
// composition objects, reject unknown block and element types, elements
// placed in a block that cannot hold them, and properties a schema does not
// allow (Slack answers those with "invalid additional property").
//
// Two checks are stricter than Slack, for mistakes Slack accepts but shows
// badly: mrkdwn control sequences that are not an intended mention, channel,
// link or date (CheckEscapes), and an optional input whose label ends in
// "(optional)", which Slack adds itself ("Reason (optional) (optional)").
package blockkit

// Surface limits.
const (
	MaxMessageBlocks   = 50    // blocks in one message
	MaxViewBlocks      = 100   // blocks in one modal or Home tab
	MaxMessageText     = 40000 // top-level message text
	MaxPrivateMetadata = 3000  // view private_metadata
	MaxCallbackID      = 255   // view callback_id
	MaxExternalID      = 255   // view external_id
	MaxViewTitle       = 24    // modal title
	MaxViewButton      = 24    // modal submit and close labels
)

// Block limits.
const (
	MaxBlockID           = 255   // block_id
	MaxSectionText       = 3000  // section text
	MaxSectionFields     = 10    // section fields
	MaxSectionFieldText  = 2000  // one section field
	MaxHeaderText        = 150   // header text
	MaxContextElements   = 10    // context elements
	MaxActionsElements   = 25    // actions elements
	MaxInputLabel        = 2000  // input label
	MaxInputHint         = 2000  // input hint
	MaxImageAltText      = 2000  // image alt_text
	MaxImageTitle        = 2000  // image title
	MaxImageURL          = 3000  // image_url
	MaxMarkdownBlockText = 12000 // markdown block text
	MaxTableRows         = 100   // table rows
	MaxTableCells        = 20    // cells in one table row
)

// Element and composition object limits.
const (
	MaxText               = 3000 // any text object
	MaxActionID           = 255  // action_id
	MaxButtonText         = 75   // button text
	MaxButtonValue        = 2000 // button value
	MaxURL                = 3000 // button and option url
	MaxAccessibilityLabel = 75   // button accessibility_label
	MaxOptionText         = 75   // option text
	MaxOptionValue        = 150  // option value
	MaxOptionDescription  = 75   // option description
	MaxOptionGroupLabel   = 75   // option group label
	MaxSelectOptions      = 100  // options, or option_groups, of a select
	MaxGroupOptions       = 100  // options in one option group
	MaxOverflowOptions    = 5    // overflow options
	MaxCheckboxOptions    = 10   // checkboxes options
	MaxRadioOptions       = 10   // radio_buttons options
	MaxInputLength        = 3000 // plain_text_input max_length and min_length
	MaxPlaceholder        = 150  // placeholder of inputs, selects and pickers
	MaxConfirmTitle       = 100  // confirm dialog title
	MaxConfirmText        = 300  // confirm dialog text
	MaxConfirmButton      = 30   // confirm dialog confirm and deny labels
	MaxFileInputFiles     = 10   // file_input max_files
)
